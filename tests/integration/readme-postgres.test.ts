/**
 * The README's "Running on a PostgreSQL server" block, run as written against a throwaway database on the
 * test server: only the placeholder address is replaced, and `createdb` reaches the server through libpq's
 * usual PGHOST/PGPORT/PGUSER variables, as it would on the database host.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { IN_CI } from '../helpers/env.js';

const ADMIN_URL = process.env.URBIA_TEST_DATABASE_URL;
const PLACEHOLDER = 'postgres://user:pass@db.example.org/urbia';

/** The shell lines of the README's PostgreSQL block. */
export function readmePostgresSteps(readme: string): string[] {
  const section = readme.slice(readme.indexOf('## Running on a PostgreSQL server'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe.skipIf(!ADMIN_URL && !IN_CI)('README: running on a PostgreSQL server', { timeout: 600_000 }, () => {
  it('every command of the block works as written on a fresh database, and the city serves', async () => {
    if (!ADMIN_URL) throw new Error('CI=true but URBIA_TEST_DATABASE_URL is not set');
    const steps = readmePostgresSteps(readFileSync(join(ROOT_DIR, 'README.md'), 'utf8'));
    expect(steps[0]).toBe('createdb urbia');
    expect(steps.at(-1)).toMatch(/urbia serve$/);

    const server = new URL(ADMIN_URL);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query('drop database if exists urbia with (force)');
    const url = new URL(ADMIN_URL);
    url.pathname = '/urbia';
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PGHOST: server.hostname,
      PGPORT: server.port || '5432',
      PGUSER: decodeURIComponent(server.username || 'postgres'),
      LOG_LEVEL: 'warn',
      PORT: '0',
      URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-readme-')),
    };
    // `export DATABASE_URL=…` is how the block passes the address on; the shell that runs it is one for all lines.
    const script = steps.map((l) => l.replaceAll(PLACEHOLDER, url.toString())).join('\n');
    try {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT_DIR, env, detached: true });
      children.push(child);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (err += d));
      const running = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /is running at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`the README block stopped with ${code}:\n${out}\n${err}`)));
      });
      expect(out).toMatch(/Created city "Timișoara" at \/timisoara/);
      expect(out).toMatch(/Password \(shown once\): \S{12,}/);
      const password = /Password \(shown once\): (\S+)/.exec(out)![1]!;

      const city = await fetch(`${running}/api/v1/tenants/timisoara`).then((r) => r.json() as Promise<{ name: { hu: string }; siruta: string }>);
      expect(city.name.hu).toBe('Temesvár');
      const tree = await fetch(`${running}/api/v1/tenants/timisoara/strategy`);
      expect(tree.status).toBe(200);
      const login = await fetch(`${running}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'you@city.ro', password }) });
      expect(login.status).toBe(200);
      process.kill(-child.pid!, 'SIGTERM');
    } finally {
      await admin.query('drop database if exists urbia with (force)');
      await admin.end();
    }
  });
});
