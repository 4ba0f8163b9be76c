/**
 * An exclusive lock on the embedded data directory. PGlite has no lock of its own, and two processes
 * writing one data directory corrupt it, so the second process must stop with a clear message.
 *
 * The lock file is created with O_EXCL and holds the owner's pid. A lock whose pid is no longer running is
 * stale (the owner was killed) and is taken over, so a crash never leaves the directory unusable.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Urbia process (pid ${pid}). ` +
        `Stop that process first, or point URBIA_DATA_DIR at another directory.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLock {
  private released = false;
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    const file = join(dataDir, 'urbia.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        const lock = new DataDirLock(file);
        process.once('exit', () => lock.release());
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
        if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) throw new DataDirLockedError(dataDir, pid);
        if (pid === process.pid) throw new DataDirLockedError(dataDir, pid);
        unlinkSync(file); // stale: its owner is gone
      }
    }
    throw new Error(`could not take the lock ${file}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      if (readFileSync(this.file, 'utf8') === String(process.pid)) unlinkSync(this.file);
    } catch {
      /* already gone */
    }
  }
}
