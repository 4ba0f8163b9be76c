/**
 * The demo sensor network: 55 sensors around Timișoara and 6 in Baia Mare with 30 days of hourly readings
 * (daily and weekly cycles, a pollution episode 8.5 days ago), generated in SQL with generate_series.
 * Idempotent: a city that already has its demo sensors is left alone.
 */
import { sql } from 'kysely';
import type { Db } from '../../core/db.js';
import type { TenantRow } from '../tenants/index.js';

const AREAS: Record<string, { name: string; lat: number; lon: number }[]> = {
  timisoara: [
    { name: 'Cetate', lat: 45.7558, lon: 21.2275 },
    { name: 'Fabric', lat: 45.7606, lon: 21.2474 },
    { name: 'Iosefin', lat: 45.7469, lon: 21.2139 },
    { name: 'Elisabetin', lat: 45.7445, lon: 21.2289 },
    { name: 'Circumvalațiunii', lat: 45.7630, lon: 21.2050 },
    { name: 'Calea Aradului', lat: 45.7780, lon: 21.2200 },
    { name: 'Soarelui', lat: 45.7290, lon: 21.2400 },
    { name: 'Girocului', lat: 45.7330, lon: 21.2220 },
    { name: 'Freidorf', lat: 45.7420, lon: 21.1800 },
    { name: 'Lipovei', lat: 45.7800, lon: 21.2500 },
    { name: 'Mehala', lat: 45.7660, lon: 21.1930 },
  ],
  'baia-mare': [
    { name: 'Centru', lat: 47.6567, lon: 23.5850 },
    { name: 'Valea Roșie', lat: 47.6480, lon: 23.5650 },
    { name: 'Săsar', lat: 47.6620, lon: 23.5620 },
  ],
};

const COUNTS: Record<string, number> = { timisoara: 55, 'baia-mare': 6 };

/** A deterministic spread of points (no Math.random: a reseed must give the same network). */
function jitter(i: number, k: number): number {
  const x = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

export async function seedDemoSensors(db: Db, tenant: TenantRow): Promise<boolean> {
  const areas = AREAS[tenant.slug];
  const count = COUNTS[tenant.slug];
  if (!areas || !count) return false;
  const exists = await db.selectFrom('sensors_things').select('id').where('tenant_id', '=', tenant.id).where(sql<boolean>`metadata->>'demo' = 'true'`).limit(1).executeTakeFirst();
  if (exists) return false;
  await db.transaction().execute(async (trx) => {
    const things = Array.from({ length: count }, (_, i) => {
      const a = areas[i % areas.length]!;
      const owner = i % 3 === 0 ? 'uRADMonitor' : i % 3 === 1 ? 'Primăria' : 'Sensor.Community';
      return {
        tenant_id: tenant.id,
        name: `${a.name} ${Math.floor(i / areas.length) + 1}`,
        description: owner === 'uRADMonitor' ? 'uRADMonitor A3' : owner === 'Primăria' ? 'Stație municipală' : 'SDS011 + BME280',
        owner,
        area: a.name,
        lat: Math.round((a.lat + jitter(i, 1) * 0.012) * 1e5) / 1e5,
        lon: Math.round((a.lon + jitter(i, 2) * 0.018) * 1e5) / 1e5,
        metadata: JSON.stringify({ demo: true, key: `demo-${tenant.slug}-${i + 1}` }),
      };
    });
    await trx.insertInto('sensors_things').values(things).execute();
    await sql`
      insert into sensors_datastreams (tenant_id, thing_id, property, unit)
      select t.tenant_id, t.id, p.property, p.unit from sensors_things t
      cross join (values ('pm25', 'ug/m3'), ('pm10', 'ug/m3'), ('temperature', 'Cel')) as p(property, unit)
      where t.tenant_id = ${tenant.id} and t.metadata->>'demo' = 'true'`.execute(trx);
    // The 30-day history is seeded as hourly roll-ups directly (one row per sensor, property and hour: a
    // base level per sensor, morning and evening traffic peaks, quieter weekends, a three-day episode
    // centred 8.5 days ago, ±20 % noise from a hash so a reseed is identical). Raw rows are seeded for the
    // last two days only, as if a raw-data retention had pruned the older ones; the daily roll-ups come
    // from the hourly ones with one INSERT … SELECT … GROUP BY. This is the seed, not the ingest path.
    // The hour profile (traffic peaks, weekends, the episode) is computed once per hour and the noise in
    // float8 arithmetic: per-row numeric and text functions are what makes such a seed slow on PGlite.
    await sql`
      with hours as (
        select ts, date_part('hour', ts at time zone 'UTC') + 2 as h, date_part('dow', ts at time zone 'UTC') as dow,
               (date_part('epoch', ts) - date_part('epoch', now() - interval '8.5 days')) / 86400.0 as e
        from generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') as ts),
      prof as (
        select ts, date_part('epoch', ts) / 3600.0 as k,
               (1 + 0.5 * exp(-power(h - 8, 2) / 6) + 0.7 * exp(-power(h - 20, 2) / 8)) * (case when dow in (0, 6) then 0.8 else 1 end) * (1 + 3 * exp(-power(e, 2) / 1.2)) as f,
               7 + 5 * sin((h - 9) / 24.0 * 2 * pi()) as temp
        from hours),
      streams as (
        select d.id, d.property, (9 + (t.id % 9) * 1.4) * (case when d.property = 'pm10' then 1.6 else 1 end) as base
        from sensors_datastreams d join sensors_things t on t.id = d.thing_id
        where t.tenant_id = ${tenant.id} and t.metadata->>'demo' = 'true')
      insert into sensors_rollups_hourly (datastream_id, bucket, count, sum, min, max, last, last_time)
      select id, ts, 1, v, v, v, v, ts from (
        select s.id, p.ts, round(greatest(0, case when s.property = 'temperature' then p.temp + 4 * (n - 0.5) else s.base * p.f * (0.8 + 0.4 * n) end) * 10) / 10 as v
        from streams s cross join prof p
        cross join lateral (select abs(sin(s.id * 12.9898 + p.k * 78.233) * 43758.5453) as z) z
        cross join lateral (select z.z - floor(z.z) as n) x) q
      on conflict do nothing`.execute(trx);
    await sql`
      insert into sensors_observations (datastream_id, time, value, quality)
      select h.datastream_id, h.bucket, h.last, 0 from sensors_rollups_hourly h
      join sensors_datastreams d on d.id = h.datastream_id join sensors_things t on t.id = d.thing_id
      where t.tenant_id = ${tenant.id} and t.metadata->>'demo' = 'true' and h.bucket >= date_trunc('hour', now()) - interval '48 hours'
      on conflict do nothing`.execute(trx);
    await sql`
      insert into sensors_rollups_daily (datastream_id, bucket, count, sum, min, max, last, last_time)
      select h.datastream_id, date_trunc('day', h.bucket, 'UTC'), sum(h.count), sum(h.sum), min(h.min), max(h.max), (array_agg(h.last order by h.bucket desc))[1], max(h.last_time)
      from sensors_rollups_hourly h join sensors_datastreams d on d.id = h.datastream_id join sensors_things t on t.id = d.thing_id
      where t.tenant_id = ${tenant.id} and t.metadata->>'demo' = 'true'
      group by 1, 2
      on conflict do nothing`.execute(trx);
    await sql`
      update sensors_datastreams d set last_time = r.last_time, last_value = r.last
      from (select distinct on (datastream_id) datastream_id, last_time, last from sensors_rollups_hourly h
            where datastream_id in (select d2.id from sensors_datastreams d2 where d2.tenant_id = ${tenant.id})
            order by datastream_id, bucket desc) r
      where d.id = r.datastream_id`.execute(trx);
  });
  return true;
}
