/**
 * KPI history over HTTP on both engines: the metrics list for the staff form, staff wiring a KPI to a
 * metric, snapshots storing automatic values (daily for sensor metrics, on change or monthly for others),
 * and the KPI page agreeing with its own history.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { ROOT_DIR } from '../../../core/version.js';
import { addDays, addMonths } from '../calendar/calendar.periods.js';

const TM = '/api/v1/tenants/timisoara';
const json = (u: TestUser | undefined, body?: unknown) => ({ headers: { ...(u?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

describe.each(testEngines())('KPI history on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser, citizen: TestUser;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')) as { tenant: string };
    await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug('timisoara'), doc);
    [staff, citizen] = await Promise.all([buildUser(t, { timisoara: ['staff'] }), buildUser(t, { timisoara: ['citizen'] })]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lists the platform metrics with unit, description and cadence', async () => {
    const r = (await t.app.inject({ url: `${TM}/monitoring/metrics` })).json();
    const pm25 = r.items.find((m: { name: string }) => m.name === 'air.pm25_annual_mean');
    expect(pm25).toMatchObject({ unit: expect.any(String), description: expect.stringMatching(/\w/), cadence: 'daily' });
    expect(r.items.find((m: { name: string }) => m.name === 'opendata.datasets_published')).toMatchObject({ cadence: 'on_change_or_monthly' });
  });

  it('a snapshot is for staff; it stores the computed value, and the KPI page agrees with its history', async () => {
    expect((await t.app.inject({ method: 'POST', url: `${TM}/monitoring/kpi-history/snapshot`, ...json(undefined, {}) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/monitoring/kpi-history/snapshot`, ...json(citizen, {}) })).statusCode).toBe(403);
    // Staff wire A1.K2 to a metric from the KPI's staff form (the KPI update).
    const wired = await t.app.inject({ method: 'PATCH', url: `${TM}/kpis/A1.K2`, ...json(staff, { automaticMetric: 'opendata.datasets_published' }) });
    expect(wired.statusCode).toBe(200);
    expect(wired.json().automatic).toMatchObject({ metric: 'opendata.datasets_published', registered: true });
    const snap = await t.app.inject({ method: 'POST', url: `${TM}/monitoring/kpi-history/snapshot`, ...json(staff, {}) });
    expect(snap.statusCode).toBe(200);
    const recorded = snap.json().recorded as { kpi: string; value: number }[];
    const a1k5 = recorded.find((r) => r.kpi === 'A1.K5');
    expect(a1k5, 'the datasets metric has a value (the platform datasets)').toBeDefined();
    expect(recorded.find((r) => r.kpi === 'A1.K2')?.value).toBe(a1k5!.value);
    const kpi = (await t.app.inject({ url: `${TM}/kpis/A1.K5` })).json();
    const stored = kpi.measurements.filter((m: { automatic: boolean }) => m.automatic);
    expect(stored).toEqual([expect.objectContaining({ date: today, value: a1k5!.value, source: 'automatic: opendata.datasets_published' })]);
    expect(kpi.latest).toMatchObject({ date: today, value: a1k5!.value });
    // The same day again: an unchanged count is not stored twice.
    const again = (await t.app.inject({ method: 'POST', url: `${TM}/monitoring/kpi-history/snapshot`, ...json(staff, {}) })).json();
    expect(again.recorded.find((r: { kpi: string }) => r.kpi === 'A1.K5')).toBeUndefined();
  });

  it('keeps sensor metrics daily, others on change or monthly', async () => {
    const svc = t.modules.monitoring!.kpiHistory;
    const tm = await t.services.tenants.bySlug('timisoara');
    const tomorrow = addDays(today, 1);
    const next = await svc.snapshot(tm, tomorrow);
    const daily = next.recorded.filter((r) => r.metric.startsWith('air.') || r.metric.startsWith('sensors.'));
    expect(next.recorded.filter((r) => r.metric === 'opendata.datasets_published')).toEqual([]);
    // every sensor-based KPI with a value today got one tomorrow
    const sensorKpis = (await t.modules.strategy!.automaticKpis(tm.id)).filter((k) => (k.metric.startsWith('air.') || k.metric.startsWith('sensors.')) && k.last);
    expect(daily.map((d) => d.kpi).sort()).toEqual(sensorKpis.filter((k) => k.last!.date === tomorrow).map((k) => k.code).sort());
    const monthLater = await svc.snapshot(tm, addMonths(today, 1));
    expect(monthLater.recorded.map((r) => r.kpi)).toContain('A1.K5');
    const history = (await t.app.inject({ url: `${TM}/kpis/A1.K5` })).json().measurements.filter((m: { automatic: boolean }) => m.automatic);
    expect(history.map((m: { date: string }) => m.date)).toEqual([today, addMonths(today, 1)]);
  });

  it.skipIf(engine !== 'postgres')('two nodes recording the same automatic value at once store it once', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const day = addMonths(today, 3);
    const m = { date: day, value: 42, source: 'automatic: opendata.datasets_published' };
    // Node A has written its value and not committed yet when node B writes the same day's value (two app nodes'
    // snapshot timers firing together on one PostgreSQL server).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const aWrote = new Promise<void>((r) => (written = r));
    const a = t.database.db.transaction().execute(async (trx) => {
      await t.modules.strategy!.recordAutomaticMeasurement(tm, 'A1.K5', m, trx);
      written();
      await held;
    });
    await aWrote;
    const b = t.database.db.transaction().execute((trx) => t.modules.strategy!.recordAutomaticMeasurement(tm, 'A1.K5', { ...m, value: 43 }, trx));
    setTimeout(release, 300);
    await Promise.all([a, b]);
    const onDay = (await t.app.inject({ url: `${TM}/kpis/A1.K5` })).json().measurements.filter((x: { automatic: boolean; date: string }) => x.automatic && x.date === day);
    expect(onDay.map((x: { value: number }) => x.value)).toEqual([43]);
  });
});
