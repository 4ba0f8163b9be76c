import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { buildUser, problem, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { useSensorsApp } from './sensors.test-helpers.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe.each(testEngines())('sensors on %s', (engine) => {
  const { t, keys, staff, citizen } = useSensorsApp(engine);
  let sensorId: number;
  let pm25: number;

  const post = (url: string, payload: unknown, headers: Record<string, string> = { 'x-api-key': keys.timisoara }) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const rollup = async (interval: 'hour' | 'day', property = 'pm25', id = sensorId) =>
    (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${id}/series?property=${property}&interval=${interval}` })).json().points as { time: string; value: number; min: number; max: number; count: number }[];

  it('staff register a sensor; the ladder 401 → 400 → 403 → 201 holds', async () => {
    const body = { name: 'Piața Unirii', area: 'Cetate', lat: 45.758, lon: 21.229, properties: ['pm25', 'pm10'] };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/sensors', payload: body })).statusCode).toBe(401);
    expect((await post('/api/v1/tenants/timisoara/sensors', { ...body, lat: 100 }, staff.headers)).statusCode).toBe(400);
    expect((await post('/api/v1/tenants/timisoara/sensors', body, citizen.headers)).statusCode).toBe(403);
    const res = await post('/api/v1/tenants/timisoara/sensors', body, staff.headers);
    expect(res.statusCode).toBe(201);
    sensorId = res.json().id;
    pm25 = res.json().latest.find((l: { property: string }) => l.property === 'pm25').datastream;
    const audit = await t.database.db.selectFrom('core_audit_log').selectAll().where('action', '=', 'sensors.sensor.created').execute();
    expect(audit).toHaveLength(1);
  });

  it('ingests a JSON batch, reads it back raw and from the roll-ups; re-sending changes nothing', async () => {
    const base = Date.now() - 2 * 3_600_000;
    const hourStart = Math.floor(base / 3_600_000) * 3_600_000;
    const observations = [10, 20, 30].map((v, i) => ({ datastream: pm25, time: new Date(hourStart + i * 60_000).toISOString(), value: v }));
    const res = await post('/api/v1/tenants/timisoara/observations', { observations });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 3, inserted: 3, updated: 0 });
    const hour = (await rollup('hour')).find((p) => p.time === new Date(hourStart).toISOString())!;
    expect(hour).toMatchObject({ count: 3, value: 20, min: 10, max: 30 });

    // idempotent: the same batch again changes no row and no roll-up
    const again = await post('/api/v1/tenants/timisoara/observations', { observations });
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await rollup('hour')).find((p) => p.time === new Date(hourStart).toISOString())).toMatchObject({ count: 3, value: 20 });

    // a corrected value replaces the old one and its buckets are recomputed, not double counted
    const fix = await post('/api/v1/tenants/timisoara/observations', { observations: [{ ...observations[2]!, value: 60 }] });
    expect(fix.json()).toMatchObject({ inserted: 0, updated: 1 });
    expect((await rollup('hour')).find((p) => p.time === new Date(hourStart).toISOString())).toMatchObject({ count: 3, value: 30, max: 60 });
    const day = (await rollup('day')).at(-1)!;
    expect(day.count).toBeGreaterThanOrEqual(3);

    const raw = (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${sensorId}/series?property=pm25&interval=raw` })).json();
    expect(raw.points.map((p: { value: number }) => p.value)).toEqual([10, 20, 60]);
  });

  it('answers concurrent one-observation requests (group commit) each with its own counts; roll-ups add up', async () => {
    const hourStart = Math.floor((Date.now() - 5 * 3_600_000) / 3_600_000) * 3_600_000;
    const at = (m: number) => new Date(hourStart + m * 60_000).toISOString();
    const one = (m: number, value: number) => post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(m), value }] });
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => one(i, i + 1)));
    for (const r of first) expect(r.json()).toEqual({ received: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect((await rollup('hour')).find((p) => p.time === at(0))).toMatchObject({ count: 40, value: 20.5, min: 1, max: 40 });
    const again = await Promise.all(Array.from({ length: 40 }, (_, i) => one(i, i + 1)));
    for (const r of again) expect(r.json()).toEqual({ received: 1, inserted: 0, updated: 0, unchanged: 1 });

    // two requests for the same new key at once: one inserts, the other replaces it; the later value stays
    const [a, b] = await Promise.all([one(59, 100), one(59, 200)]);
    const counts = [a!.json(), b!.json()] as { inserted: number; updated: number }[];
    expect(counts.map((c) => c.inserted).sort()).toEqual([0, 1]);
    expect(counts.map((c) => c.updated).sort()).toEqual([0, 1]);
    const last = counts[0]!.updated === 1 ? 100 : 200;
    const raw = (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${sensorId}/series?property=pm25&interval=raw&from=${at(59)}&to=${at(60)}` })).json();
    expect(raw.points.map((p: { value: number }) => p.value)).toEqual([last]);
    expect((await rollup('hour')).find((p) => p.time === at(0))).toMatchObject({ count: 41, max: Math.max(40, last) });
  });

  it('folds roll-up deltas within a second without a read, exactly as a recompute from the raw rows; leftovers of a crash at start', async () => {
    const sensors = t.modules.sensors!;
    const db = t.database.db;
    const created = await post('/api/v1/tenants/timisoara/sensors', { name: 'Fold', lat: 45.75, lon: 21.21, properties: ['pm25', 'pm10'] }, staff.headers);
    const streams = (created.json().latest as { datastream: number }[]).map((l) => l.datastream);
    const pending = async () => Number((await sql<{ n: number }>`select count(*)::int as n from sensors_rollups_pending`.execute(db)).rows[0]!.n);
    const fromRaw = (ds: number, unit: 'hour' | 'day') => sql<{ bucket: string; count: number; sum: number; min: number; max: number; last: number }>`
      select date_trunc(${unit}, time, 'UTC')::text as bucket, count(*)::int as count, sum(value) as sum, min(value) as min, max(value) as max, (array_agg(value order by time desc))[1] as last
      from sensors_observations where datastream_id = ${ds} group by 1 order by 1`.execute(db);
    const stored = (ds: number, table: 'sensors_rollups_hourly' | 'sensors_rollups_daily') => sql<{ bucket: string; count: number; sum: number; min: number; max: number; last: number }>`
      select bucket::text as bucket, count, sum, min, max, last from ${sql.table(table)} where datastream_id = ${ds} order by 1`.execute(db);
    const exact = async () => {
      for (const ds of streams) {
        expect((await stored(ds, 'sensors_rollups_hourly')).rows).toEqual((await fromRaw(ds, 'hour')).rows);
        expect((await stored(ds, 'sensors_rollups_daily')).rows).toEqual((await fromRaw(ds, 'day')).rows);
      }
    };
    // new datastreams (the plain-insert path, deltas computed in TypeScript): three hours across a UTC
    // midnight, both datastreams interleaved, unsorted
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
    const observations = Array.from({ length: 180 }, (_, i) => ({ datastream: streams[i % 2]!, time: new Date(midnight - 3_600_000 + Math.floor(i / 2) * 120_000).toISOString(), value: ((i * 7) % 31) / 2 })).reverse();
    expect((await post('/api/v1/tenants/timisoara/observations', { observations })).json()).toMatchObject({ inserted: 180 });
    // the worker folds on its own (no read asked for it); the deltas are gone once folded
    await vi.waitFor(async () => expect(await pending()).toBe(0), { timeout: 3000, interval: 50 });
    await exact();

    // older readings and a correction (the upsert path), then read at once: the read folds first
    const fix = [{ datastream: streams[0]!, time: new Date(midnight).toISOString(), value: 99 }, { datastream: streams[1]!, time: new Date(midnight - 7_200_000).toISOString(), value: 1.5 }];
    expect((await post('/api/v1/tenants/timisoara/observations', { observations: fix })).json()).toMatchObject({ inserted: 1, updated: 1 });
    const hours = (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${created.json().id}/series?property=pm25&interval=hour&from=${new Date(midnight - 3 * 3_600_000).toISOString()}&to=${new Date(midnight + 3_600_000).toISOString()}` })).json();
    expect(hours.points.find((p: { time: string }) => p.time === new Date(midnight).toISOString())).toMatchObject({ max: 99 });
    // asked from 22:10 the day before (a chart's "last N days" around midnight): that day is still in the series
    const days = (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${created.json().id}/series?property=pm25&interval=day&from=${new Date(midnight - 110 * 60_000).toISOString()}&to=${new Date(midnight + 86_400_000).toISOString()}` })).json();
    expect(days.points.map((p: { time: string }) => p.time)).toEqual([new Date(midnight - 86_400_000).toISOString(), new Date(midnight).toISOString()]);
    await exact();

    // a crash between COMMIT and the fold leaves deltas; the fold at start (the same call) takes them, once
    const bucket = new Date(midnight).toISOString();
    await sql`update sensors_rollups_hourly set count = 999 where datastream_id = ${streams[0]!} and bucket = ${bucket}::timestamptz`.execute(db);
    await sql`insert into sensors_rollups_pending (datastream_id, bucket, count, sum, recompute) values (${streams[0]!}, ${bucket}::timestamptz, 0, 0, true)`.execute(db);
    await sensors.foldRollups();
    expect(await pending()).toBe(0);
    await exact();
  });

  it('a batch guessed new but holding a row written elsewhere falls back to the upsert in the same call', async () => {
    const created = await post('/api/v1/tenants/timisoara/sensors', { name: 'Fallback', lat: 45.75, lon: 21.2, properties: ['pm10'] }, staff.headers);
    const ds = created.json().latest[0].datastream as number;
    const at = (m: number) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000 + m * 60_000).toISOString();
    // another process (an import) wrote this reading: this server has never written to the datastream
    await sql`insert into sensors_observations (datastream_id, time, value) values (${ds}, ${at(0)}::timestamptz, 5)`.execute(t.database.db);
    const res = await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: ds, time: at(0), value: 5 }, { datastream: ds, time: at(1), value: 7 }, { datastream: ds, time: at(2), value: 9 }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: 3, inserted: 2, updated: 0, unchanged: 1 });
    const rows = await t.database.db.selectFrom('sensors_observations').select(['value']).where('datastream_id', '=', ds).orderBy('time').execute();
    expect(rows.map((r) => r.value)).toEqual([5, 7, 9]);
  });

  it('ingests CSV by sensor and property', async () => {
    const csv = `sensor,property,time,value\n${sensorId},pm10,${hoursAgo(1)},41.5\n${sensorId},pm10,${hoursAgo(0.5)},43\n`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/observations', payload: csv, headers: { 'x-api-key': keys.timisoara, 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 2 });
    const s = (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${sensorId}` })).json();
    expect(s.latest.find((l: { property: string }) => l.property === 'pm10')).toMatchObject({ value: 43, band: 'moderate' });
  });

  it('refuses a batch with one bad observation whole, naming index and field of each error', async () => {
    const before = await t.database.db.selectFrom('sensors_observations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post('/api/v1/tenants/timisoara/observations', {
      observations: [
        { datastream: pm25, time: hoursAgo(3), value: 5 },
        { datastream: pm25, time: new Date(Date.now() + 3_600_000).toISOString(), value: 5 },
        { datastream: 999999, time: hoursAgo(3), value: 5 },
        { sensor: sensorId, property: 'radon', time: '1999-12-31T23:00:00Z', value: 5 },
      ],
    });
    expect(res.statusCode).toBe(400);
    const fields = problem(res).errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['observations[1].time', 'observations[2].datastream', 'observations[3].property', 'observations[3].time']));
    const notNumber = await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: hoursAgo(3), value: 'high' }] });
    expect(problem(notNumber).errors![0]!.field).toBe('observations[0].value');
    const after = await t.database.db.selectFrom('sensors_observations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // over 1,000 and over 1 MB
    const many = Array.from({ length: 1001 }, (_, i) => ({ datastream: pm25, time: new Date(Date.now() - (i + 10) * 60_000).toISOString(), value: 1 }));
    expect((await post('/api/v1/tenants/timisoara/observations', { observations: many })).statusCode).toBe(400);
    const big = JSON.stringify({ observations: [{ datastream: pm25, time: hoursAgo(3), value: 1, pad: 'x'.repeat(1_100_000) }] });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/observations', payload: big, headers: { 'x-api-key': keys.timisoara, 'content-type': 'application/json' } })).statusCode).toBe(413);
    // another city's key may not write here
    expect((await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: hoursAgo(3), value: 1 }] }, { 'x-api-key': keys.baiaMare })).statusCode).toBe(403);
  });

  it('takes Sensor.Community pushes: an unknown node waits as pending until staff approve it', async () => {
    const combined = {
      esp8266id: '12345678',
      software_version: 'NRZ-2024-135',
      sensordatavalues: [
        { value_type: 'SDS_P1', value: '18.30' },
        { value_type: 'SDS_P2', value: '9.10' },
        { value_type: 'BME280_temperature', value: '21.40' },
        { value_type: 'BME280_pressure', value: '100512.00' },
        { value_type: 'BME280_humidity', value: '48.20' },
        { value_type: 'samples', value: '612345' },
        { value_type: 'signal', value: '-67' },
      ],
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/sensor-community/push', payload: combined, headers: { 'x-sensor': 'esp8266-12345678' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 5, status: 'pending', sensors: [{ type: 'SDS011', status: 'pending' }, { type: 'BME280', status: 'pending' }] });
    // a value the sensor could not read is skipped with a note (more in sensor-community/sensor-community.test.ts)
    const perPin = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/sensor-community/push', payload: { software_version: 'NRZ', sensordatavalues: [{ value_type: 'P1', value: 'x' }] }, headers: { 'x-sensor': 'esp8266-12345678', 'x-pin': '1' } });
    expect(perPin.statusCode).toBe(201);
    expect(perPin.json()).toMatchObject({ received: 0, notes: [{ value_type: 'P1' }] });

    const publicList = (await t.app.inject({ url: '/api/v1/tenants/timisoara/sensors' })).json().items;
    expect(publicList.some((s: { sensorCommunityId: string | null }) => s.sensorCommunityId?.startsWith('esp8266-12345678'))).toBe(false);
    const pending = (await t.app.inject({ url: '/api/v1/tenants/timisoara/sensors?status=pending', headers: staff.headers })).json().items;
    const bme = pending.find((s: { sensorCommunityId: string }) => s.sensorCommunityId === 'esp8266-12345678:BME280');
    expect(bme.latest.find((l: { property: string }) => l.property === 'pressure').value).toBeCloseTo(1005.12);
    const node = pending.find((s: { sensorCommunityId: string }) => s.sensorCommunityId === 'esp8266-12345678:SDS011');
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/sensors?status=pending' })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/tenants/timisoara/sensors/${node.id}`, payload: { status: 'active', lat: 45.75, lon: 21.21, area: 'Iosefin' }, headers: staff.headers });
    expect(ok.statusCode).toBe(200);
    const hour = await rollup('hour', 'pm25', node.id);
    expect(hour.at(-1)).toMatchObject({ value: 9.1, count: 1 });
  });

  it('raises an alert after the duration, notifies followers, clears it with hysteresis; the history is public', async () => {
    const follow = await post('/api/v1/tenants/timisoara/sensor-follows', { area: 'Cetate' }, citizen.headers);
    expect(follow.statusCode).toBe(200);
    // an alert type, followed city-wide through the hub: PM2.5 hears, PM10 does not; an unknown type is a 404
    const pm25Fan = await buildUser(t, { timisoara: ['citizen'] });
    const pm10Fan = await buildUser(t, { timisoara: ['citizen'] });
    expect((await post('/api/v1/me/follows', { tenant: 'timisoara', kind: 'sensors.alert', id: 'pm25' }, pm25Fan.headers)).statusCode).toBe(201);
    expect((await post('/api/v1/me/follows', { tenant: 'timisoara', kind: 'sensors.alert', id: 'pm10' }, pm10Fan.headers)).statusCode).toBe(201);
    expect((await post('/api/v1/me/follows', { tenant: 'timisoara', kind: 'sensors.alert', id: 'unobtainium' }, pm10Fan.headers)).statusCode).toBe(404);
    const rule = await post('/api/v1/tenants/timisoara/sensor-alert-rules', { property: 'pm25', threshold: 50, clearBelow: 35, durationMinutes: 30, area: 'Cetate' }, staff.headers);
    expect(rule.statusCode).toBe(201);
    const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
    await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(60), value: 12 }, { datastream: pm25, time: at(50), value: 55 }] });
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/sensor-alerts' })).json().items).toHaveLength(0);
    await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(10), value: 80 }] });
    const alerts = (await t.app.inject({ url: '/api/v1/tenants/timisoara/sensor-alerts' })).json().items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ property: 'pm25', raisedValue: 80, clearedAt: null });
    await t.worker.drain(); // the hub turns the alert event into notifications after it committed
    const inbox = await t.database.db.selectFrom('notifications_inbox').selectAll().where('user_id', '=', citizen.id).execute();
    expect(inbox.map((n) => n.kind)).toEqual(['sensors.alert.raised']);
    const kindsOf = async (u: TestUser) => (await t.database.db.selectFrom('notifications_inbox').select('kind').where('user_id', '=', u.id).execute()).map((n) => n.kind);
    expect(await kindsOf(pm25Fan)).toEqual(['sensors.alert.raised']);
    expect(await kindsOf(pm10Fan)).toEqual([]);
    // the alert type's Atom feed carries it too
    const feed = await t.app.inject({ url: '/api/v1/tenants/timisoara/feeds/sensors.alert/pm25.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Piața Unirii');
    // 45 is below the threshold but above the clear level: still raised (hysteresis)
    await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(5), value: 45 }] });
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/sensor-alerts' })).json().items[0].clearedAt).toBeNull();
    await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(1), value: 20 }] });
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/sensor-alerts' })).json().items[0].clearedAt).not.toBeNull();
    // Cleared, and a calm reading: nothing can change, so no alert transaction runs for it.
    const repo = (t.modules.sensors as unknown as { repo: { openAlert: (...a: unknown[]) => unknown } }).repo;
    const lookups = vi.spyOn(repo, 'openAlert');
    await post('/api/v1/tenants/timisoara/observations', { observations: [{ datastream: pm25, time: at(0.5), value: 15 }] });
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();
  });

  it('computes the metrics from the daily roll-ups and the city view', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tm = await t.services.tenants.bySlug('timisoara');
    const from = `${today.slice(0, 4)}-01-01`;
    const to = `${Number(today.slice(0, 4)) + 1}-01-01`;
    expect(await t.metrics.compute('sensors.count_online', tm.id, { from, to })).toBeGreaterThanOrEqual(2);
    expect(await t.metrics.compute('air.pm25_annual_mean', tm.id, { from, to })).toBeGreaterThan(0);
    expect(await t.metrics.compute('air.pm10_annual_mean', tm.id, { from, to })).toBeGreaterThan(0);
    expect(await t.metrics.compute('air.days_over_eu_daily_limit', tm.id, { from, to })).toBe(0);
    const aq = (await t.app.inject({ url: '/api/v1/tenants/timisoara/air-quality' })).json();
    expect(aq.areas[0]).toMatchObject({ area: 'Cetate' });
    expect(aq.annualPm25.at(-1).year).toBe(Number(today.slice(0, 4)));
  });
});
