/**
 * A first start on a PostgreSQL server from a fresh clone: `urbia serve --demo` with DATABASE_URL and a data
 * directory that does not exist yet (uploads, outbox and the demo admin's file live there) must start and
 * print a demo admin password that signs in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testEngines } from '../helpers/env.js';

const BIN = join(ROOT_DIR, 'bin', 'urbia.js');
let child: ChildProcess | undefined;
let database: TestDatabase | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  await database?.close();
});

describe.skipIf(!testEngines().includes('postgres'))('first start on PostgreSQL', { timeout: 600_000 }, () => {
  it('`urbia serve --demo` creates the missing data directory and prints an admin password that works', async () => {
    database = await createTestDatabase('postgres', { migrate: false });
    const dataDir = join(mkdtempSync(join(tmpdir(), 'urbia-first-')), 'not', 'there', 'yet');
    const started = await new Promise<{ url: string; out: string }>((resolve, reject) => {
      child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
        env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', DATABASE_URL: database!.url!, URBIA_DATA_DIR: dataDir, SMTP_URL: '' },
        cwd: ROOT_DIR,
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /is running at (http:\/\/\S+)/.exec(out);
        if (m && /Staff area/.test(out)) resolve({ url: m[1]!, out });
      });
      child.stderr!.on('data', (d: Buffer) => (out += d));
      child.on('exit', (code) => reject(new Error(`serve --demo exited with ${code}:\n${out}`)));
    });
    expect(existsSync(dataDir)).toBe(true);
    const m = /Demo admin: (\S+)\s+password: (\S+)/.exec(started.out);
    expect(m, started.out).not.toBeNull();
    const login = await fetch(`${started.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: m![1], password: m![2] }),
    });
    expect(login.status).toBe(200);
  });
});
