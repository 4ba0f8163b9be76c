/**
 * The demo's lived reporting cycle on both engines, dated from today: Timișoara gets two projects with
 * approved reports for two periods, one report returned with the staff comment, one project overdue (and only
 * one); the staff dashboard and the project page say so; running the step again adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, importTimisoaraStrategy, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { progressReportsDemo } from './progress-reports.demo.js';

const TM = '/api/v1/tenants/timisoara';

describe.each(testEngines())('the demo reporting cycle on %s', (engine) => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine);
    await importTimisoaraStrategy(t);
    const ctx = { built: t, database: t.database, config: t.config, log: (m: string) => void logs.push(m) };
    await progressReportsDemo.run(ctx, t.modules.monitoring!);
    await progressReportsDemo.run(ctx, t.modules.monitoring!);
  }, 180_000);
  afterAll(async () => t?.close());

  it('approved reports over two periods, one returned with its comment, exactly one project overdue', async () => {
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const reports = (await t.app.inject({ url: `${TM}/progress-reports`, headers: staff.headers })).json() as { items: { project: { code: string }; status: string; returned: boolean; returnComment: string | null; periodStart: string }[] };
    expect(reports.items).toHaveLength(6);
    const approved = reports.items.filter((r) => r.status === 'approved');
    expect(approved).toHaveLength(5);
    const byProject = new Map<string, number>();
    for (const r of approved) byProject.set(r.project.code, (byProject.get(r.project.code) ?? 0) + 1);
    expect([...byProject.values()].sort()).toEqual([1, 2, 2]);
    const returned = reports.items.filter((r) => r.returned);
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({ status: 'draft' });
    expect(returned[0]!.returnComment).toContain('cheltuielile pe trimestre');

    const overdue = (await t.app.inject({ url: `${TM}/monitoring/overdue`, headers: staff.headers })).json() as { count: number; items: { project: string; overdueSince: string; daysOverdue: number }[] };
    expect(overdue.count).toBe(1);
    const late = overdue.items[0]!;
    expect(late.daysOverdue).toBeGreaterThan(20);
    expect(late.daysOverdue).toBeLessThan(70);
    const page = (await t.app.inject({ url: `${TM}/monitoring/projects/${encodeURIComponent(late.project)}/reporting` })).json();
    expect(page.overdueSince).toBe(late.overdueSince);
    // an approved project shows its last approved report on its page, and its status and timeline moved
    const done = [...byProject.entries()].find(([, n]) => n === 2)![0];
    expect((await t.app.inject({ url: `${TM}/monitoring/projects/${encodeURIComponent(done)}/reporting` })).json()).toMatchObject({ overdueSince: null, lastApproved: { number: expect.any(Number) } });
    expect(logs.some((l) => l.includes('already there'))).toBe(true);
  });
});
