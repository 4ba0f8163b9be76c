/** The `urbia` command as a person runs it: real processes, a real data directory, real HTTP. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db.js';
import { migrateToLatest } from '../../src/core/migrate.js';
import { createTenantsService, seedTenants } from '../../src/modules/tenants/index.js';
import { ROOT_DIR } from '../../src/core/version.js';

const BIN = join(ROOT_DIR, 'bin', 'urbia.js');
const children: ChildProcess[] = [];

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, cwd: ROOT_DIR });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Starts `urbia serve` and resolves with its URL once it prints that it is running. */
function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env }, cwd: ROOT_DIR });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

// Each test starts real processes that boot PGlite and run every migration: minutes on a loaded CI machine.
describe('urbia command', { timeout: 240_000 }, () => {
  it('a second `urbia serve` on the same data directory exits with a clear message; the first keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-cli-'));
    const first = await serve({ URBIA_DATA_DIR: dir });
    const second = await run(['serve'], { URBIA_DATA_DIR: dir, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.err).toContain(`is in use by another Urbia process (pid ${first.child.pid})`);
    const health = await fetch(`${first.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).database).toBe('pglite');
    // Graceful shutdown releases the lock: a new process can take the directory.
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.on('exit', r));
    expect(first.child.exitCode).toBe(0);
    const again = await serve({ URBIA_DATA_DIR: dir });
    expect((await fetch(`${again.url}/api/v1/health`)).status).toBe(200);
    again.child.kill('SIGTERM');
    await new Promise((r) => again.child.on('exit', r));
  });

  it('refuses to start on a bad variable, naming it, and on an unreachable database, giving the reason', async () => {
    const bad = await run(['serve'], { PORT: 'eighty', URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-cli-')) });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/PORT/);
    const down = await run(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/urbia' });
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/urbia: .*ECONNREFUSED/);
  });

  it('`urbia admin create` prints a generated password once, and it signs in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-cli-'));
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db.db);
    await seedTenants(createTenantsService(db.db));
    await db.close();

    const created = await run(['admin', 'create', '--tenant', 'timisoara', 'baia-mare', '--email', 'primar@example.ro'], { URBIA_DATA_DIR: dir });
    expect(created.code, created.err).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(created.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const unknownTenant = await run(['admin', 'create', '--tenant', 'atlantis', '--email', 'x@example.ro'], { URBIA_DATA_DIR: dir });
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.err).toContain('atlantis');

    const server = await serve({ URBIA_DATA_DIR: dir });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'primar@example.ro', password }) });
    expect(login.status).toBe(200);
    const me = await login.json();
    expect(me.memberships).toEqual([
      { tenant: 'timisoara', roles: ['admin'] },
      { tenant: 'baia-mare', roles: ['admin'] },
    ]);
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.on('exit', r));
  });
});
