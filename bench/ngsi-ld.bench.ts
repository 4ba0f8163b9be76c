/**
 * NGSI-LD reads at city scale: 2,000 public sensors with 4 datastreams each (a large city's network,
 * Sensor.Community nodes included), then p50/p99 over HTTP of a page of 20 by type, a `q` filter, a
 * `near` geo-query and the retrieval of one entity, each next to a bare Fastify route answering the same
 * JSON, measured in the same run. A query loads the city's visible sensors and filters the assembled
 * entities (q and geo-queries are evaluated on the entity, not in SQL), so this is the figure that says
 * whether that stays cheap enough.
 */
import { sql } from 'kysely';
import { type BenchContext, type BenchResult, bareFastify, httpLoad, scratchDatabase, startBenchServer } from './lib.js';

const SENSORS = 2000;

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  const results: BenchResult[] = [];
  const engines: [string, string | undefined][] = [['pglite', undefined]];
  if (ctx.databaseUrl) engines.push(['postgres', ctx.databaseUrl]);
  for (const [engine, serverUrl] of engines) {
    const scratch = serverUrl ? await scratchDatabase(serverUrl) : undefined;
    try {
      const server = await startBenchServer(
        async (built, tm) => {
          const db = built.moduleContext.db;
          // sensors spread ±2 km around the centre, each with pm25, pm10, temperature and humidity
          await sql`insert into sensors_things (tenant_id, name, lat, lon, status, metadata)
            select ${tm.id}, 'bench ' || i, 45.7537 + (random() - 0.5) * 0.036, 21.2257 + (random() - 0.5) * 0.05, 'active', '{}'::jsonb
            from generate_series(1, ${SENSORS}) i`.execute(db);
          await sql`insert into sensors_datastreams (tenant_id, thing_id, property, unit, last_time, last_value)
            select ${tm.id}, t.id, p.property, p.unit, now() - interval '5 minutes', round((random() * p.scale)::numeric, 1)::float8
            from sensors_things t cross join (values ('pm25', 'ug/m3', 60), ('pm10', 'ug/m3', 90), ('temperature', 'Cel', 30), ('humidity', '%', 100)) as p(property, unit, scale)
            where t.tenant_id = ${tm.id}`.execute(db);
          await sql`analyze sensors_things`.execute(db);
          await sql`analyze sensors_datastreams`.execute(db);
        },
        { databaseUrl: scratch?.url },
      );
      const headers = { 'ngsild-tenant': 'timisoara' };
      const one = ((await (await fetch(`${server.url}/ngsi-ld/v1/entities?type=AirQualityObserved&limit=1`, { headers })).json()) as { id: string }[])[0]!.id;
      const cases: [string, string][] = [
        ['GET entities by type, page of 20', '/ngsi-ld/v1/entities?type=AirQualityObserved&limit=20'],
        ['GET entities, q=pm25>40;temperature<10 (≤100)', `/ngsi-ld/v1/entities?q=${encodeURIComponent('pm25>40;temperature<10')}&limit=100`],
        ['GET entities, near;maxDistance==500 (≤100)', `/ngsi-ld/v1/entities?georel=${encodeURIComponent('near;maxDistance==500')}&geometry=Point&coordinates=${encodeURIComponent('[21.2257,45.7537]')}&limit=100`],
        ['GET one entity by id', `/ngsi-ld/v1/entities/${one}`],
      ];
      for (const [name, path] of cases) {
        const first = await fetch(`${server.url}${path}`, { headers });
        if (!first.ok) throw new Error(`${path}: ${first.status} ${await first.text()}`);
        const body = (await first.json()) as unknown;
        const bare = await bareFastify(body);
        const baseline = await httpLoad(bare.url, { seconds, connections: 10 });
        await bare.close();
        const load = await httpLoad(`${server.url}${path}`, { seconds, connections: 10, headers });
        await (await fetch(`${server.url}${path}`, { headers })).arrayBuffer();
        results.push({
          name: `${name} (${engine}, ${SENSORS} sensors)`,
          value: load.p50,
          unit: 'ms p50',
          baseline: { name: 'bare Fastify p50, same JSON', value: baseline.p50 },
          details: { p99_ms: load.p99, req_s: Math.round(load.requestsPerSec), bare_p99_ms: baseline.p99, entities: Array.isArray(body) ? body.length : 1, non2xx: load.non2xx },
        });
      }
      await server.close();
    } finally {
      await scratch?.drop();
    }
  }
  return results;
}
