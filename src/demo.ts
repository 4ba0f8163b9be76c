/**
 * The demo: what `npm start` loads on top of an empty platform. Each module registers its demo data here
 * (the real strategies, sensors, consultations…); every step is idempotent, so a restart changes nothing.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltApp } from './app.js';
import type { Config } from './core/config.js';
import type { DatabaseHandle } from './core/db.js';
import { seedMetropolitanAreas, seedTenants } from './modules/tenants/index.js';
import { MODULES } from './modules/registry.js';

export const DEMO_ADMIN_EMAIL = 'admin@urbia.local';

export interface DemoContext {
  built: BuiltApp;
  database: DatabaseHandle;
  config: Config;
  log: (msg: string) => void;
}

/** Demo steps in order; later modules append theirs. */
export const DEMO_STEPS: { name: string; run(ctx: DemoContext): Promise<void> }[] = [
  { name: 'tenants', run: ({ built }) => seedTenants(built.services.tenants) },
  { name: 'metropolitan areas (Timișoara: the city and 14 communes; Baia Mare: the city, 5 towns, 13 communes)', run: ({ built }) => seedMetropolitanAreas(built.services.tenants) },
];

/**
 * Runs every demo step. `loaded`: the data directory was loaded by `urbia seed` in a child process a moment
 * ago (the first `npm start` on PGlite), so only what the demo does in this process (`serve`: the sensors'
 * live feed) runs — checking again what the child just loaded took a few seconds of the first start.
 */
export async function seedDemo(ctx: DemoContext, opts: { loaded?: boolean } = {}): Promise<void> {
  const service = (m: (typeof MODULES)[number]) => (ctx.built.modules as Record<string, unknown>)[m.name] as never;
  type Step = { name: string; run(ctx: DemoContext): Promise<void>; serve?(ctx: DemoContext): Promise<void> | void };
  const moduleSteps: Step[] = MODULES.flatMap((m) =>
    (m.demo ?? []).map((d) => ({ name: `${m.name}: ${d.name}`, run: (c: DemoContext) => d.run(c, service(m)), serve: d.serve && ((c: DemoContext) => d.serve!(c, service(m))) })),
  );
  for (const step of [...DEMO_STEPS, ...moduleSteps] as Step[]) {
    const started = Date.now();
    if (!opts.loaded) await step.run(ctx);
    await step.serve?.(ctx);
    if (!opts.loaded) ctx.log(`  demo: ${step.name} (${Date.now() - started} ms)`);
  }
}

/**
 * Creates the demo admin (admin of every tenant) when there is no admin at all, and remembers its
 * password in the data directory (mode 600) so every demo start can print it. Not for production: there,
 * `urbia admin create` prints a password once and keeps nothing.
 */
export async function ensureDemoAdmin(ctx: DemoContext): Promise<{ email: string; password: string | undefined }> {
  const file = join(ctx.config.dataDir, 'demo-admin.txt');
  const { users, tenants } = ctx.built.services;
  if ((await users.countAdmins()) === 0) {
    const { password } = await users.createAdmin(await tenants.list(), DEMO_ADMIN_EMAIL, 'Demo administrator', { platform: true });
    // The password exists nowhere else: print it now, before anything else can fail, then keep it.
    ctx.log(`  demo admin created: ${DEMO_ADMIN_EMAIL}  password: ${password}`);
    try {
      mkdirSync(ctx.config.dataDir, { recursive: true });
      writeFileSync(file, `${DEMO_ADMIN_EMAIL}\n${password}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (e) {
      ctx.log(`  (could not keep the password in ${file}: ${(e as Error).message}; note it now)`);
    }
    return { email: DEMO_ADMIN_EMAIL, password };
  }
  if (existsSync(file)) {
    const [email, password] = readFileSync(file, 'utf8').split('\n');
    return { email: email ?? DEMO_ADMIN_EMAIL, password };
  }
  return { email: '(an admin exists; use `urbia admin create` for a new password)', password: undefined };
}
