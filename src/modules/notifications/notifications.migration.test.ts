/**
 * The hub's migration keeps every existing follower: rows of the three per-module tables it replaces
 * (strategy projects and KPIs, reports with their e-mail followers and unsubscribe tokens, sensors and
 * areas) are in `notifications_follows` afterwards, on both engines; and `down` puts them back.
 */
import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { MIGRATIONS_DIR, migrator } from '../../core/migrate.js';
import { createTenantsService, seedTenants } from '../tenants/index.js';

const MINE = '20261203170100_create_notifications_follows';

describe.each(testEngines())('the follows migration on %s', (engine) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.close();
  });

  it('moves strategy, report and sensor follows into the hub, and back on down', async () => {
    d = await createTestDatabase(engine, { migrate: false });
    const names = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    const before = names[names.indexOf(MINE) - 1]!;
    const m = migrator(d.db);
    expect((await m.migrateTo(before)).error).toBeUndefined();
    await seedTenants(createTenantsService(d.db));
    const tm = (await sql<{ id: number }>`select id from tenants where slug = 'timisoara'`.execute(d.db)).rows[0]!.id;
    const user = (await sql<{ id: string }>`insert into users (email, email_normalized, display_name) values ('a@example.org', 'a@example.org', 'A') returning id`.execute(d.db)).rows[0]!.id;
    await sql`insert into strategy_follows (user_id, tenant_id, target_type, code) values (${user}, ${tm}, 'project', 'A1.P1'), (${user}, ${tm}, 'kpi', 'A6.K1')`.execute(d.db);
    const cat = (await sql<{ id: number }>`insert into reports_categories (tenant_id, code, name, description, group_name, department, target_days) values (${tm}, 'pothole', '{"ro":"Gropi"}', '{"ro":"-"}', '{"ro":"-"}', '{"ro":"-"}', 5) returning id`.execute(d.db)).rows[0]!.id;
    const report = (await sql<{ id: string }>`insert into reports_reports (tenant_id, category_id, title, token) values (${tm}, ${cat}, 'Groapă', 'tok-1') returning id`.execute(d.db)).rows[0]!.id;
    await sql`insert into reports_followers (report_id, user_id, email, confirmed_at, confirm_token_hash) values (${report}, ${user}, null, now(), null), (${report}, null, 'anon@example.org', null, 'hash-1')`.execute(d.db);
    const token = (await sql<{ t: string }>`select unsubscribe_token::text as t from reports_followers where email = 'anon@example.org'`.execute(d.db)).rows[0]!.t;
    const thing = (await sql<{ id: string }>`insert into sensors_things (tenant_id, name, lat, lon) values (${tm}, 'S1', 45.75, 21.22) returning id`.execute(d.db)).rows[0]!.id;
    await sql`insert into sensors_follows (tenant_id, user_id, thing_id, area) values (${tm}, ${user}, ${thing}, null), (${tm}, ${user}, null, 'Cetate')`.execute(d.db);

    expect((await m.migrateTo(MINE)).error).toBeUndefined();
    const rows = (
      await sql<{ kind: string; target: string; user_id: string | null; email: string | null; unsubscribe_token: string; confirmed: boolean; confirm_token_hash: string | null }>`select kind, target, user_id, email, unsubscribe_token::text, confirmed_at is not null as confirmed, confirm_token_hash from notifications_follows order by kind, target, email nulls first`.execute(d.db)
    ).rows;
    expect(rows.map((r) => [r.kind, r.target, r.user_id ? 'user' : r.email])).toEqual([
      ['area', 'cetate', 'user'],
      ['reports.report', String(report), 'user'],
      ['reports.report', String(report), 'anon@example.org'],
      ['sensors.sensor', String(thing), 'user'],
      ['strategy.kpi', 'A6.K1', 'user'],
      ['strategy.project', 'A1.P1', 'user'],
    ]);
    // the link in e-mails already sent keeps working
    expect(rows.find((r) => r.email === 'anon@example.org')!.unsubscribe_token).toBe(token);
    // a support still waiting for its confirmation link keeps waiting (double opt-in), with its token
    expect(rows.filter((r) => r.kind === 'reports.report').map((r) => [r.confirmed, r.confirm_token_hash])).toEqual([[true, null], [false, 'hash-1']]);
    expect(rows.filter((r) => r.kind !== 'reports.report').every((r) => r.confirmed)).toBe(true);

    expect((await m.migrateDown()).error).toBeUndefined();
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from strategy_follows`.execute(d.db)).rows[0]!.n)).toBe(2);
    expect((await sql<{ email: string | null; confirm_token_hash: string | null }>`select email, confirm_token_hash from reports_followers order by email nulls first`.execute(d.db)).rows).toEqual([
      { email: null, confirm_token_hash: null },
      { email: 'anon@example.org', confirm_token_hash: 'hash-1' },
    ]);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from sensors_follows`.execute(d.db)).rows[0]!.n)).toBe(2);
  }, 240_000);
});
