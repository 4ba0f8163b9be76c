/**
 * An exclusive lock on the embedded data directory. PGlite has no lock of its own, and two processes
 * writing one data directory corrupt it, so the second process must stop with a clear message.
 *
 * The lock file holds three lines: the owner's pid, the owner's start time (from /proc, so a pid reused by
 * another process is not mistaken for the owner) and a random nonce naming this holding. It is created
 * complete and atomically: written to a private temporary file, then `link`ed to `urbia.lock` (which fails
 * if the name exists).
 *
 * A lock whose owner is gone is stale and is taken over, so a crash never leaves the directory unusable.
 * "Gone" means its pid is not running, or runs a different process (another start time), or is our own pid
 * while this process holds no lock with that nonce — a container's PID 1 restarted after a kill sees its
 * own pid in the lock it left behind.
 *
 * The take-over is atomic: only the process that creates `urbia.lock.takeover-<nonce>` (exclusive link)
 * may remove the stale lock with that nonce, and it re-reads the lock under that claim, so two processes
 * can never both remove it and both win. Nonces are never reused, so a claim cannot match a newer lock.
 * A claim left by a process killed in those few system calls is itself stale and taken over the same way.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
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

/** The nonces of the lock files this process holds (a lock with our pid but another nonce is a past life's). */
const heldNonces = new Set<string>();

export interface Owner {
  pid: number;
  startTime: string | undefined;
  nonce: string;
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; fields after it follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
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

/** The owner recorded in a lock (or claim) file, or undefined if there is none. Exported for tests. */
export function readOwner(file: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const [pid, startTime, nonce] = text.trim().split('\n');
  // A lock written by an older version holds only a pid; its text is then its nonce.
  return { pid: Number.parseInt(pid ?? '', 10), startTime: startTime || undefined, nonce: nonce || text };
}

/** Whether the process that wrote this lock (or claim) is still the one running under its pid. */
function ownerAlive(owner: Owner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return heldNonces.has(owner.nonce);
  if (!isRunning(owner.pid)) return false;
  const now = owner.startTime ? startTimeOf(owner.pid) : undefined;
  return now === undefined || now === owner.startTime;
}

/** Creates `file` holding a fresh owner record, atomically and only if it does not exist. */
function createExclusive(file: string): string | undefined {
  const nonce = randomBytes(16).toString('hex');
  const temp = `${file}.${process.pid}.${nonce}.tmp`;
  writeFileSync(temp, `${process.pid}\n${startTimeOf(process.pid) ?? ''}\n${nonce}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
    return nonce;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw e;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Removes `file` if it still holds the stale owner `stale`, under the exclusive claim
 * `<file>.takeover-<nonce>`. Returns false when the claim is held by a live process (try again).
 * Exported for the test of a late take-over (one that read the stale lock before another process won).
 */
export function removeStale(file: string, stale: Owner, depth = 0): boolean {
  if (depth > 8) throw new Error(`could not take over the stale lock ${file}`);
  const claim = `${file}.takeover-${stale.nonce.replace(/[^0-9a-zA-Z]/g, '_').slice(0, 64)}`;
  const claimNonce = createExclusive(claim);
  if (claimNonce === undefined) {
    const holder = readOwner(claim);
    if (holder && ownerAlive(holder)) return false; // another process is taking it over right now
    if (holder) removeStale(claim, holder, depth + 1);
    return false; // retry from the top
  }
  heldNonces.add(claimNonce);
  try {
    const current = readOwner(file);
    // Only the holder of this claim removes a lock with this nonce, so it cannot change under us.
    if (current && current.nonce === stale.nonce) unlinkSync(file);
  } finally {
    heldNonces.delete(claimNonce);
    unlinkSync(claim);
  }
  return true;
}

export class DataDirLock {
  private released = false;
  private constructor(
    private readonly file: string,
    private readonly nonce: string,
  ) {}

  /** Takes the lock of `dataDir`, taking over a stale one; throws DataDirLockedError if a live process holds it. */
  static acquire(dataDir: string): DataDirLock {
    const file = join(dataDir, 'urbia.lock');
    for (let attempt = 0; attempt < 50; attempt++) {
      const nonce = createExclusive(file);
      if (nonce !== undefined) {
        heldNonces.add(nonce);
        const lock = new DataDirLock(file, nonce);
        process.once('exit', () => lock.release());
        return lock;
      }
      const owner = readOwner(file);
      if (!owner) continue; // released meanwhile
      if (ownerAlive(owner)) throw new DataDirLockedError(dataDir, owner.pid);
      if (!removeStale(file, owner)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    throw new Error(`could not take the lock ${file}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldNonces.delete(this.nonce);
    try {
      if (readOwner(this.file)?.nonce === this.nonce) unlinkSync(this.file);
    } catch {
      /* already gone */
    }
  }
}
