/**
 * A child process for the lock race test: waits until a given instant (so several children race within
 * microseconds), tries to take the data-directory lock, prints WON or LOCKED, and holds a won lock a while.
 * Usage: node --import tsx lock.child.ts <dataDir> <startAtEpochMs> <holdMs>
 */
import { DataDirLock, DataDirLockedError } from './lock.js';

const [dir, startAt, hold] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  /* spin: start together with the other children */
}
try {
  const lock = DataDirLock.acquire(dir!);
  process.stdout.write('WON\n');
  setTimeout(() => lock.release(), Number(hold));
} catch (e) {
  process.stdout.write(e instanceof DataDirLockedError ? 'LOCKED\n' : `ERROR ${(e as Error).message}\n`);
}
