/**
 * `npm start` builds the web app when it has not been built, or when its sources changed since the last
 * build, so a fresh clone needs no separate build step.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from './version.js';

const WEB_SRC = join(ROOT_DIR, 'web');
const STAMP = join(ROOT_DIR, 'dist', 'web', '.built');
const SHARED = join(ROOT_DIR, 'src', 'shared');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(ROOT_DIR, 'dist', 'web', 'index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return Math.max(newestMtime(WEB_SRC), newestMtime(SHARED), statSync(join(ROOT_DIR, 'vite.config.ts')).mtimeMs) > built;
}

export async function ensureWebBuilt(log: (msg: string) => void = console.log): Promise<void> {
  if (!webBuildIsStale()) return;
  log('Building the web app (first start or changed sources)…');
  const started = Date.now();
  // In a child process: Vite and its bundler stay resident once imported (about 400 MiB in the server that
  // built the app, issue 18), and a server must not carry its build tool for the rest of its life.
  await promisify(execFile)(process.execPath, [join(ROOT_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT_DIR, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT_DIR,
    maxBuffer: 16 << 20,
    // Vite keeps a NODE_ENV it is given: under the test runner (NODE_ENV=test) it would bundle React's development
    // build (a third larger, and not what people get). The app is always built for production.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  writeFileSync(STAMP, new Date().toISOString());
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
