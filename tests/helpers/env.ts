/**
 * What the test machine offers. Under CI=true a missing browser or PostgreSQL server is a failure, not a
 * skip: CI must prove the suites ran against both databases and in a real browser.
 */
import { existsSync } from 'node:fs';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export type TestEngine = 'pglite' | 'postgres';

/** The engines every integration suite runs against. */
export function testEngines(): TestEngine[] {
  const url = process.env.URBIA_TEST_DATABASE_URL;
  if (!url && IN_CI) throw new Error('CI=true but URBIA_TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run');
  const all: TestEngine[] = url ? ['pglite', 'postgres'] : ['pglite'];
  // URBIA_TEST_ENGINES=pglite narrows a run to some engines (CI's second pass under the current Node LTS).
  const only = process.env.URBIA_TEST_ENGINES?.split(',').map((e) => e.trim()).filter(Boolean);
  return only?.length ? all.filter((e) => only.includes(e)) : all;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Debian's Chromium (or CHROMIUM_PATH); undefined when there is none and we are not in CI. */
export function chromiumPath(): string | undefined {
  const found = [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found && IN_CI) throw new Error('CI=true but no Chromium was found (set CHROMIUM_PATH or install Debian\'s chromium)');
  return found;
}

/**
 * Runs `run` (given the attempt number, to pick a fresh account or address) until one run fits inside one fixed
 * rate-limit window of `windowMs`, at most three times. A run of sign-ins that straddles the window's end restarts the
 * count (a loaded CI machine hashing passwords can take that long), which is the limiter working, not a failure.
 */
export async function withinOneWindow<T>(windowMs: number, run: (attempt: number) => Promise<T>): Promise<T> {
  let result!: T;
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = Date.now();
    result = await run(attempt);
    if (Math.floor(start / windowMs) === Math.floor(Date.now() / windowMs)) break;
  }
  return result;
}
