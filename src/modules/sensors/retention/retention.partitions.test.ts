/**
 * Raw observations partitioned by month (issue #18): late readings wait in the default partition and move into
 * their month when it is made, the upsert still tells new, changed and unchanged rows apart in either place, and
 * retention drops a month whole only when no city that still keeps it has a row there.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import type { SensorsService } from '../index.js';

describe.each(testEngines())('sensor partitions on %s', (engine) => {
  let t: TestApp;
  let sensors: SensorsService;
  const keys: Record<string, string> = {};
  const staff: Record<string, TestUser> = {};
  const streams: Record<string, number> = {};

  const count = async (table: string, ds?: number) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} ${ds ? sql`where datastream_id = ${ds}` : sql``}`.execute(t.database.db)).rows[0]!.n);
  const exists = async (table: string) => (await sql<{ r: string | null }>`select to_regclass(${table})::text as r`.execute(t.database.db)).rows[0]!.r !== null;
  const ingest = (city: string, observations: { time: string; value: number }[]) =>
    t.app.inject({ method: 'POST', url: `/api/v1/tenants/${city}/observations`, headers: { 'x-api-key': keys[city]! }, payload: { observations: observations.map((o) => ({ datastream: streams[city]!, ...o })) } });
  const makeMonths = (from: string, to: string) => sql`select sensors_observation_partitions(${from}::timestamptz, ${to}::timestamptz)`.execute(t.database.db);

  beforeAll(async () => {
    t = await createTestApp(engine);
    sensors = t.modules.sensors!;
    for (const city of ['timisoara', 'baia-mare']) {
      const tenant = await t.services.tenants.bySlug(city);
      keys[city] = (await t.services.users.createApiKey(SYSTEM, tenant, { name: 'gateway', purpose: 'ingest' })).secret;
      staff[city] = await buildUser(t, { [city]: ['staff'] });
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/tenants/${city}/sensors`, headers: staff[city]!.headers, payload: { name: `Archive ${city}`, lat: city === 'timisoara' ? 45.75 : 47.66, lon: city === 'timisoara' ? 21.23 : 23.57, properties: ['pm10'] } });
      streams[city] = res.json().latest[0].datastream;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps raw readings in monthly partitions, this month and the next ones made ahead', async () => {
    const month = (d: Date) => `sensors_observations_${d.toISOString().slice(0, 7).replace('-', '_')}`;
    expect(await exists(month(new Date()))).toBe(true);
    expect(await exists(month(new Date(Date.now() + 40 * 86_400_000)))).toBe(true);
    const kind = await sql<{ relkind: string }>`select relkind::text from pg_class where relname = 'sensors_observations'`.execute(t.database.db);
    expect(kind.rows[0]!.relkind).toBe('p');
    expect(await sensors.ensurePartitions()).toBe(0); // already there: nothing made twice
  });

  it('a late reading waits in the default partition and moves into its month when that is made; re-sent, it is told unchanged or changed in both places', async () => {
    const at = (day: number) => `2021-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const first = await ingest('timisoara', [{ time: at(10), value: 40 }, { time: at(11), value: 42 }]);
    expect(first.json()).toMatchObject({ inserted: 2, updated: 0 });
    expect(await exists('sensors_observations_2021_03')).toBe(false);
    expect(await count('sensors_observations_default', streams.timisoara)).toBe(2);
    // the upsert path on the default partition
    expect((await ingest('timisoara', [{ time: at(10), value: 40 }, { time: at(11), value: 45 }])).json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });

    await makeMonths('2021-03-01T00:00:00Z', '2021-06-30T00:00:00Z');
    expect(await count('sensors_observations_default', streams.timisoara)).toBe(0);
    expect(await count('sensors_observations_2021_03', streams.timisoara)).toBe(2);
    // and on the month's own partition, a batch across two months included
    const again = await ingest('timisoara', [{ time: at(10), value: 41 }, { time: at(11), value: 45 }, { time: '2021-04-02T08:00:00.000Z', value: 30 }]);
    expect(again.json()).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    const rows = await t.database.db.selectFrom('sensors_observations').select(['value']).where('datastream_id', '=', streams.timisoara!).orderBy('time').execute();
    expect(rows.map((r) => r.value)).toEqual([41, 45, 30]);
  });

  it('retention drops a month whole where every row is past, deletes row by row where a city still keeps it, and keeps the roll-ups', async () => {
    await ingest('timisoara', [{ time: '2021-05-03T10:00:00.000Z', value: 20 }, { time: '2021-06-03T10:00:00.000Z', value: 21 }]);
    await ingest('baia-mare', [{ time: '2021-05-04T10:00:00.000Z', value: 33 }]);
    await sensors.foldRollups();
    const hourlyBefore = await count('sensors_rollups_hourly', streams.timisoara);
    // Timișoara keeps raw readings 400 days; Baia Mare keeps them for ever
    await sensors.updateSettings(SYSTEM, await t.services.tenants.bySlug('timisoara'), 400);

    const result = await sensors.applyRetention();
    // March, April and June held only Timișoara's readings; May also holds Baia Mare's
    expect(await exists('sensors_observations_2021_03')).toBe(false);
    expect(await exists('sensors_observations_2021_04')).toBe(false);
    expect(await exists('sensors_observations_2021_06')).toBe(false);
    expect(await exists('sensors_observations_2021_05')).toBe(true);
    expect(result.droppedMonths).toBeGreaterThanOrEqual(3);
    expect(result.deletedRows).toBeGreaterThanOrEqual(1); // Timișoara's May reading, deleted on its own
    expect(await count('sensors_observations', streams.timisoara)).toBe(0);
    expect(await count('sensors_observations', streams['baia-mare'])).toBe(1);
    expect(await count('sensors_rollups_hourly', streams.timisoara)).toBe(hourlyBefore);
    // this month's partition is never dropped
    expect(await exists(`sensors_observations_${new Date().toISOString().slice(0, 7).replace('-', '_')}`)).toBe(true);
  });
});
