/**
 * Restart after a crash in a container: `urbia serve` as PID 1 in its own PID namespace (as in Docker),
 * killed with SIGKILL, then started again as PID 1 on the same data directory, must start — the lock it
 * left behind holds its own pid, which is no longer a live holder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { IN_CI } from '../helpers/env.js';

const BIN = join(ROOT_DIR, 'bin', 'urbia.js');
const children: ChildProcess[] = [];
const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

/** Starts `urbia serve` as PID 1 of a new PID namespace; resolves with its URL and its pid as seen from here. */
function serveAsPid1(dataDir: string): Promise<{ unshare: ChildProcess; hostPid: number; url: string; out: () => string }> {
  return new Promise((resolve, reject) => {
    const unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, BIN, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', URBIA_DATA_DIR: dataDir, DATABASE_URL: '' },
      cwd: ROOT_DIR,
    });
    children.push(unshare);
    let out = '';
    unshare.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        // unshare --fork has one child: the server, PID 1 inside, this pid outside.
        const hostPid = Number(readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim().split(' ')[0]);
        resolve({ unshare, hostPid, url: m[1]!, out: () => out });
      }
    });
    unshare.stderr!.on('data', (d: Buffer) => (out += d));
    unshare.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe.skipIf(!canUnshare && !IN_CI)('urbia serve as PID 1 in a container', { timeout: 300_000 }, () => {
  it('starts again after SIGKILL, as PID 1 again, three times in a row, keeping its data', async () => {
    expect(canUnshare, 'unshare --pid --fork --mount-proc must work (root or user namespaces)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'urbia-pid1-'));
    let created: string | undefined;
    for (let trial = 0; trial < 3; trial++) {
      const server = await serveAsPid1(dir);
      expect(readFileSync(join(dir, 'urbia.lock'), 'utf8').split('\n')[0]).toBe('1');
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      // An acknowledged write before the kill must be there after the restart.
      if (created === undefined) {
        const r = await fetch(`${server.url}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'pid1@example.org', password: 'correct horse battery', displayName: 'Pid One', locale: 'en', acceptTerms: true, acceptPrivacy: true }),
        });
        expect(r.status, await r.clone().text()).toBeLessThan(300);
        created = 'pid1@example.org';
      } else {
        const login = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: created, password: 'correct horse battery' }),
        });
        expect(login.status).toBe(200);
      }
      process.kill(server.hostPid, 'SIGKILL');
      await new Promise((r) => server.unshare.once('exit', r));
      // The lock is left behind, holding pid 1 — the pid the next start will have.
      expect(readFileSync(join(dir, 'urbia.lock'), 'utf8').split('\n')[0]).toBe('1');
    }
  });
});
