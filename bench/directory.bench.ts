/**
 * The directory's feeds under load, on PGlite: the city's iCalendar feed (300 events, 8 groups with 100
 * meetings) and the resource map's EV-charger layer (Timișoara's real OSM places), each against a bare
 * Fastify route answering the same body, and the feed against the JSON calendar of the same entries.
 */
import { SYSTEM } from '../src/core/actor.js';
import { seedGroups } from '../src/modules/directory/groups/groups.seed.js';
import { seedPlaces } from '../src/modules/directory/places/places.seed.js';
import { type BenchContext, type BenchResult, bareFastify, httpLoad, startBenchServer } from './lib.js';

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  const server = await startBenchServer(
    async (built, tm) => {
      const dir = built.modules.directory!;
      await seedGroups(tm, dir.groups, undefined);
      await dir.groups.create(SYSTEM, tm, { slug: 'bench', kind: 'working_group', name: { ro: 'Grup' }, purpose: { ro: 'x' }, links: [], visibility: 'public', openToRequests: true });
      for (let i = 0; i < 300; i++) {
        const start = new Date(Date.UTC(2027, 0, 1 + (i % 300), 8 + (i % 10)));
        await dir.events.create(SYSTEM, tm, { kind: 'workshop', title: { ro: `Atelier ${i}`, en: `Workshop ${i}` }, description: { ro: 'Descriere, cu virgule; și punct și virgulă.' }, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(), address: 'Piața Victoriei 1', lat: 45.7537, lon: 21.2257 });
      }
      for (let i = 0; i < 100; i++) {
        const start = new Date(Date.UTC(2027, 1, 1 + (i % 28), 15));
        await dir.meetings.schedule(SYSTEM, tm, 'bench', { title: { ro: `Ședința ${i}` }, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), timeZone: 'Europe/Bucharest', onlineUrl: 'https://meet.example.org/x', agenda: [], documents: [] });
      }
      await seedPlaces(tm, dir.places);
    },
    { dataDirPrefix: 'urbia-bench-dir-' },
  );
  const results: BenchResult[] = [];
  const cases: [string, string][] = [
    ['GET calendar.ics, 400 entries (timisoara)', '/api/v1/tenants/timisoara/calendar.ics'],
    ['GET calendar JSON, same 400 entries', '/api/v1/tenants/timisoara/calendar'],
    ['GET places?kind=ev_charging', '/api/v1/tenants/timisoara/places?kind=ev_charging'],
  ];
  for (const [name, path] of cases) {
    const body = await (await fetch(`${server.url}${path}`)).text();
    const bare = await bareFastify(body);
    const baseline = await httpLoad(bare.url, { seconds });
    await bare.close();
    const load = await httpLoad(`${server.url}${path}`, { seconds });
    results.push({ name, value: load.requestsPerSec, unit: 'req/s', baseline: { name: 'bare Fastify, same body', value: baseline.requestsPerSec }, details: { p50_ms: load.p50, p99_ms: load.p99, bytes: body.length, non2xx: load.non2xx } });
  }
  await server.close();
  return results;
}
