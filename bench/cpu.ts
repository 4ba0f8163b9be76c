/**
 * CPU profiles of a bench's measured part (issue 18: find where the time goes): the V8 sampling profiler of this
 * process through node:inspector, summarised as self time by area (PGlite's WASM, the pg driver, zod, Fastify,
 * Node's own HTTP client and server, our code by module…) and the top functions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { ROOT_DIR } from '../src/core/version.js';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** The area a sampled function belongs to, from its script's path. */
function area(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? 'garbage collection' : fn === '(idle)' || fn === '(program)' ? fn : 'V8/native';
  if (url.startsWith('wasm://')) return 'PGlite (PostgreSQL in WASM)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg === '@electric-sql' || pkg.startsWith('@electric-sql/') ? 'PGlite (JS side)' : pkg;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  if (url.includes('/src/')) return `our code (${url.slice(url.indexOf('/src/') + 1).split('/').slice(0, 3).join('/')})`;
  return url;
}

export function summarise(profile: CpuProfile, top = 20): string {
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${a}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFn.set(f, (byFn.get(f) ?? 0) + hits);
  }
  const pct = (h: number) => `${((h / total) * 100).toFixed(1).padStart(5)} %`;
  const rows = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, h]) => `  ${pct(h)}  ${k}`);
  return ['self time by area:', ...rows(byArea), `top ${top} functions (self time):`, ...rows(byFn)].join('\n');
}

export interface CpuProfile {
  nodes: ProfileNode[];
}

/**
 * Runs `fn` under the profiler when URBIA_BENCH_PROFILE is set (else just runs it), writes the .cpuprofile under
 * .bench/profiles/ (open it in Chrome DevTools → Performance) and logs the summary.
 */
export async function profiled<T>(name: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  if (!process.env.URBIA_BENCH_PROFILE) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const dir = join(ROOT_DIR, '.bench/profiles');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`  profile of ${name}: ${file}\n${summarise(profile as unknown as CpuProfile)}`);
  }
}
