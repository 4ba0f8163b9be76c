import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError } from './lock.js';

describe('data directory lock', () => {
  it('refuses a second holder while the first is alive, and frees on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const first = DataDirLock.acquire(dir);
    expect(readFileSync(join(dir, 'urbia.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    first.release();
    DataDirLock.acquire(dir).release();
  });

  it('takes over the lock of a process that died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'urbia.lock'), String(pid));
    const lock = DataDirLock.acquire(dir);
    expect(readFileSync(join(dir, 'urbia.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });

  it('names the owner when a live process holds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-lock-'));
    writeFileSync(join(dir, 'urbia.lock'), '1'); // pid 1 is always alive
    expect(() => DataDirLock.acquire(dir)).toThrow(/in use by another Urbia process \(pid 1\)/);
  });
});
