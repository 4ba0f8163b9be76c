import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError, readOwner, removeStale } from './lock.js';

const CHILD = join(import.meta.dirname, 'lock.child.ts');
const ownerPid = (dir: string) => Number(readFileSync(join(dir, 'urbia.lock'), 'utf8').split('\n')[0]);

function runChild(dir: string, startAt: number, holdMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(startAt), String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => resolve(out.trim()));
  });
}

describe('data directory lock', () => {
  it('refuses a second holder while the first is alive, and frees on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const first = DataDirLock.acquire(dir);
    expect(ownerPid(dir)).toBe(process.pid);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    first.release();
    DataDirLock.acquire(dir).release();
    expect(readdirSync(dir)).toEqual([]); // no temporary or claim files left behind
  });

  it('takes over the lock of a process that died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'urbia.lock'), String(pid));
    const lock = DataDirLock.acquire(dir);
    expect(ownerPid(dir)).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock holding its own pid that it does not hold (a container PID 1 restarted after a kill)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    writeFileSync(join(dir, 'urbia.lock'), `${process.pid}\n\nleft-by-a-previous-life\n`);
    const lock = DataDirLock.acquire(dir);
    expect(readFileSync(join(dir, 'urbia.lock'), 'utf8')).not.toContain('previous-life');
    lock.release();
  });

  it('takes over a lock whose pid now runs another process (pid reused: other start time)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    writeFileSync(join(dir, 'urbia.lock'), '1\n1\nold\n'); // pid 1 is alive, but did not start at tick 1
    DataDirLock.acquire(dir).release();
  });

  it('names the owner when a live process holds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    writeFileSync(join(dir, 'urbia.lock'), '1'); // pid 1 is always alive
    expect(() => DataDirLock.acquire(dir)).toThrow(/in use by another Urbia process \(pid 1\)/);
  });

  it('takes over a stale claim left by a process killed during a take-over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const dead = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'urbia.lock'), `${dead}\n\nstale\n`);
    writeFileSync(join(dir, 'urbia.lock.takeover-stale'), `${dead}\n\nclaim\n`);
    DataDirLock.acquire(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a take-over that read the stale lock before another process took it over leaves the new lock alone', () => {
    // The interleaving where two take-overs both won: B reads the stale lock, A takes it over and holds it,
    // then B goes on to remove "the stale lock" — which is now A's.
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const file = join(dir, 'urbia.lock');
    writeFileSync(file, '999999999\n\nstale\n');
    const seenByLateTaker = readOwner(file)!;
    const winner = DataDirLock.acquire(dir);
    const held = readFileSync(file, 'utf8');
    expect(removeStale(file, seenByLateTaker)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(held);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    winner.release();
  });

  it('lets exactly one of several processes racing for a stale lock win, round after round', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const dead = child.pid!;
    await new Promise((r) => child.on('exit', r));
    const rounds = 3;
    const racers = 4;
    for (let round = 0; round < rounds; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-race-'));
      writeFileSync(join(dir, 'urbia.lock'), `${dead}\n\nstale-${round}\n`);
      // Children need ~1–2 s to load; all then start within the same millisecond.
      const startAt = Date.now() + 4000;
      const results = await Promise.all(Array.from({ length: racers }, () => runChild(dir, startAt, 2000)));
      expect(results.filter((r) => r === 'WON'), `round ${round}: ${results.join(', ')}`).toHaveLength(1);
      expect(results.filter((r) => r === 'LOCKED')).toHaveLength(racers - 1);
    }
  }, 120_000);
});
