/**
 * Durability of the hub: a server queues the e-mails of a notice (one per follower, in the fan-out's
 * transaction) and is killed with SIGKILL while it is sending them — the SMTP server on loopback holds one
 * message unanswered and the process dies waiting. Restarted, it sends the rest: every follower gets the
 * notice exactly once, and nothing is left queued. On each database engine (PGlite from a data directory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { SYSTEM } from '../../core/actor.js';
import { loadConfig } from '../../core/config.js';
import { openDatabase, type DatabaseHandle } from '../../core/db.js';
import { migrateToLatest } from '../../core/migrate.js';
import { importTimisoaraStrategy } from '../../../tests/helpers/app.js';
import { startServerChild } from '../../../tests/helpers/child.js';
import { createTestDatabase } from '../../../tests/helpers/db.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { catchMail } from '../../../tests/helpers/mail.js';
import { seedTenants } from '../tenants/index.js';

const FOLLOWERS = 12;
const KILL_AT = 5; // the 5th notification e-mail is held unanswered, then the process is killed

/** The strategy, FOLLOWERS people following one KPI and a signed-in staff member, made through the services. */
async function prepare(handle: DatabaseHandle, dataDir: string) {
  await migrateToLatest(handle.db);
  const config = loadConfig({ URBIA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://urbia.test' });
  const built = await buildApp(config, handle, { serveWeb: false, logger: false });
  await built.app.ready();
  await seedTenants(built.services.tenants);
  const tm = await importTimisoaraStrategy(built);
  const kpi = (await built.app.inject({ url: '/api/v1/tenants/timisoara/kpis' })).json().items[0].code as string;
  const ids: string[] = [];
  const emails: string[] = [];
  for (let i = 0; i < FOLLOWERS; i++) {
    const email = `follower${i}@example.org`;
    const u = await built.services.users.register({ email, password: 'correct horse battery', displayName: `Follower ${i}`, locale: 'ro' });
    ids.push(u.id);
    emails.push(email);
  }
  await built.services.notifications.followMany(handle.db, { tenantId: tm.id, kind: 'strategy.kpi', id: kpi }, ids);
  const staff = await built.services.users.register({ email: 'staff@example.org', password: 'correct horse battery', displayName: 'Staff', locale: 'ro' });
  await built.services.users.setMemberRoles(SYSTEM, tm, staff.id, ['staff']);
  const login = await built.services.users.login('staff@example.org', 'correct horse battery', {});
  await built.worker.drain(); // the address verification mails, to files (not part of this test)
  await built.app.close();
  await built.worker.stop();
  built.mailer.close();
  return { kpi, emails, headers: { cookie: `urbia_session=${login.token}`, 'x-csrf-token': login.csrfToken, 'content-type': 'application/json' } };
}

describe.each(testEngines())('notification e-mails survive SIGKILL on %s', (engine) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('sends every queued notification exactly once after a kill between queueing and sending', { timeout: 300_000 }, async () => {
    // the SMTP server: counts what it accepted (answered 250); holds the KILL_AT-th notification unanswered
    const accepted: { to: string; subject: string }[] = [];
    let hold = true;
    let held: () => void = () => {};
    const heldNow = new Promise<void>((r) => (held = r));
    const smtp = await catchMail({
      answer(mail) {
        const notice = /^List-Unsubscribe:/im.test(mail.raw);
        if (notice && hold && accepted.length === KILL_AT - 1) {
          hold = false;
          held(); // never answered: the sender dies waiting for the 250
          return false;
        }
        if (notice) accepted.push({ to: mail.to.join(','), subject: /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? '' });
        return true;
      },
    });
    cleanup.push(() => smtp.close());

    const dataDir = mkdtempSync(join(tmpdir(), 'urbia-notif-kill-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { URBIA_DATA_DIR: dataDir, SMTP_URL: smtp.url, PUBLIC_URL: 'http://urbia.test', URBIA_OUTBOX_LEASE_SECONDS: '1' };
    let reopen: () => Promise<DatabaseHandle>;
    let setup: Awaited<ReturnType<typeof prepare>>;
    if (engine === 'pglite') {
      const handle = await openDatabase({ dataDir });
      setup = await prepare(handle, dataDir);
      await handle.close(); // releases the data directory's lock for the child
      reopen = () => openDatabase({ dataDir });
    } else {
      const db = await createTestDatabase('postgres', { migrate: false });
      cleanup.push(() => db.close());
      setup = await prepare(db, dataDir);
      env.DATABASE_URL = db.url!;
      reopen = async () => ({ ...db, close: async () => {} });
    }

    // the first process records a measurement: the hub queues one e-mail per follower, then starts sending
    const first = await startServerChild(env);
    const res = await fetch(`${first.url}/api/v1/tenants/timisoara/kpis/${encodeURIComponent(setup.kpi)}/measurements`, { method: 'POST', headers: setup.headers, body: JSON.stringify({ date: '2025-12-31', value: 7 }) });
    expect(res.status).toBe(201);
    await heldNow;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(accepted).toHaveLength(KILL_AT - 1);

    // restarted: the rest goes out (the killed process's claims are due again after the lease)
    const second = await startServerChild(env);
    cleanup.push(() => void second.child.kill('SIGKILL'));
    for (let i = 0; i < 600 && new Set(accepted.map((a) => a.to)).size < FOLLOWERS; i++) await new Promise((r) => setTimeout(r, 100));
    second.child.kill('SIGTERM'); // a graceful stop: the worker finishes what it holds
    await second.exited;

    expect(accepted.map((a) => a.to).sort()).toEqual([...setup.emails].sort()); // each follower once, nobody twice
    // and nothing is left in the outbox that could still be sent
    const handle = await reopen();
    const pending = await handle.db.selectFrom('core_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('type', '=', 'notifications.email.requested').where('processed_at', 'is', null).executeTakeFirstOrThrow();
    await handle.close();
    expect(Number(pending.n)).toBe(0);
  });
});
