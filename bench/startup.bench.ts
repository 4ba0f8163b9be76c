/**
 * `npm start` as a new user meets it: a fresh data directory, `urbia serve --demo` (migrate, load both
 * cities and every module's demo data), time until /api/v1/health answers, and the server's resident memory
 * once idle. Baseline: a bare Fastify process started the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchResult } from './lib.js';

async function firstResponse(cmd: string[], env: Record<string, string>, url: (out: string) => string | undefined) {
  const started = performance.now();
  const child = spawn(process.execPath, cmd, { env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  let base: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited: ${out}`);
    base ??= url(out);
    if (base) {
      const ok = await fetch(base).then((r) => r.ok, () => false);
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 5000)); // idle: the first requests' garbage collected, timers settled
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { ms, rss };
}

export async function run(_ctx: BenchContext): Promise<BenchResult[]> {
  const bareScript = "const f=require('fastify')();f.get('/',async()=>({ok:true}));f.listen({port:0}).then(a=>console.log('at '+a))";
  const bare = await firstResponse(['-e', bareScript], {}, (o) => /at (http\S+)/.exec(o)?.[1]);
  const dir = mkdtempSync(join(tmpdir(), 'urbia-start-'));
  const urbia = await firstResponse([join(process.cwd(), 'bin', 'urbia.js'), 'serve', '--demo'], { URBIA_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' }, (o) => {
    const m = /is running at (http\S+)/.exec(o);
    return m ? `${m[1]}/api/v1/health` : undefined;
  });
  const again = await firstResponse([join(process.cwd(), 'bin', 'urbia.js'), 'serve', '--demo'], { URBIA_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' }, (o) => {
    const m = /is running at (http\S+)/.exec(o);
    return m ? `${m[1]}/api/v1/health` : undefined;
  });
  return [
    { name: 'npm start, fresh data dir: time to first response', value: urbia.ms, unit: 'ms', baseline: { name: 'bare Fastify process', value: bare.ms } },
    { name: 'npm start, second start (demo already loaded)', value: again.ms, unit: 'ms', baseline: { name: 'bare Fastify process', value: bare.ms } },
    { name: 'idle resident memory after the first start (migrations and demo load)', value: urbia.rss, unit: 'MiB', baseline: { name: 'bare Fastify process', value: bare.rss } },
    { name: 'idle resident memory after a normal start', value: again.rss, unit: 'MiB', baseline: { name: 'bare Fastify process', value: bare.rss } },
  ];
}
