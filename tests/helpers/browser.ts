/**
 * Browser journeys: the real server (startServer, a temporary data directory, PGlite by default or the
 * PostgreSQL test server) and Debian's Chromium driven by Playwright, with an axe-core WCAG 2.1 AA check.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, type TestContext } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import { ensureDemoAdmin, seedDemo } from '../../src/demo.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/server.js';
import { seedTenants } from '../../src/modules/tenants/index.js';
import { chromiumPath } from './env.js';

export interface Journey {
  server: RunningServer;
  config: Config;
  browser: Browser;
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

/**
 * Loading the demo (both strategies, sensors, reports, …) is most of a journey's start, and most journeys load
 * the same one. The first journey of a run that needs it loads it into the run's template directory (named by
 * the global setup) and every journey starts on its own copy of that data directory, so each still gets a
 * database nobody else writes. A directory made with mkdir is the lock: another worker waits for `ready`, and
 * falls back to loading the demo itself if the maker died.
 */
async function demoDataDir(dataDir: string): Promise<boolean> {
  let root: string;
  try {
    root = inject('journeyTemplateDir');
  } catch {
    return false;
  }
  if (!root) return false;
  const template = join(root, 'data');
  const ready = join(root, 'ready');
  const failed = join(root, 'failed');
  let maker = false;
  try {
    mkdirSync(join(root, 'lock'));
    maker = true;
  } catch {
    /* another journey makes it */
  }
  if (maker) {
    try {
      const config = loadConfig({ URBIA_DATA_DIR: template, PORT: '0', LOG_LEVEL: 'warn', URBIA_TILE_URL: 'none' });
      const server = await startServer(config, {
        serveWeb: false,
        logger: false,
        beforeListen: async (built, database) => {
          const ctx = { built, database, config, log: () => undefined };
          await seedDemo(ctx);
          await ensureDemoAdmin(ctx);
        },
      });
      await server.close();
      writeFileSync(ready, '');
    } catch (e) {
      writeFileSync(failed, String(e));
      rmSync(template, { recursive: true, force: true });
      return false;
    }
  } else {
    const deadline = Date.now() + 5 * 60_000;
    while (!existsSync(ready)) {
      if (existsSync(failed) || Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  cpSync(template, dataDir, { recursive: true });
  return true;
}

export interface JourneyOptions {
  demo?: boolean;
  env?: Record<string, string>;
  afterSeed?: StartOptions['beforeListen'];
}

/**
 * Starts the platform and a browser. `demo: true` starts on the whole demo (both strategies, …); otherwise
 * only the two tenants. Returns undefined when there is no Chromium outside CI (in CI that throws).
 */
export async function startJourney(options: JourneyOptions = {}): Promise<Journey | undefined> {
  const executablePath = chromiumPath();
  if (!executablePath) return undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'urbia-journey-'));
  const copied = options.demo === true && !options.env?.DATABASE_URL && (await demoDataDir(dataDir));
  // Each browser context stands for a person on their own device: it sends its own address through the one
  // trusted proxy hop (below), so per-address limits (10 sign-ins a minute) count per person as in real use,
  // not for every person of a journey at once on 127.0.0.1.
  const config = loadConfig({ URBIA_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', URBIA_TILE_URL: 'none', TRUST_PROXY: 'true', ...options.env });
  let contexts = 0;
  const server = await startServer(config, {
    serveWeb: true,
    logger: false,
    beforeListen: async (built, database) => {
      if (copied) {
        /* the demo is in the copied data directory */
      } else if (options.demo) {
        const ctx = { built, database, config, log: () => undefined };
        await seedDemo(ctx);
        await ensureDemoAdmin(ctx);
      } else await seedTenants(built.services.tenants);
      await options.afterSeed?.(built, database);
    },
  });
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    server,
    config,
    browser,
    async newPage(o = {}) {
      contexts++;
      const address = `10.80.${(contexts >> 8) & 255}.${contexts & 255}`;
      const context = await browser.newContext({ baseURL: server.url, viewport: o.viewport ?? { width: 1280, height: 900 }, locale: o.locale ?? 'ro-RO', extraHTTPHeaders: { 'x-forwarded-for': address } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // CSP violations show up as console errors; a page that breaks our own CSP is a bug.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      (page as Page & { urbiaErrors: string[] }).urbiaErrors = errors;
      return { page, context };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * startJourney for the enclosing describe block (in a beforeAll registered here; `options` may be a function,
 * for values known only once earlier hooks ran), closed after its tests. A test calls the returned function
 * with its context and gets the journey, or is skipped when there is no Chromium (as startJourney allows).
 */
export function useJourney(options: JourneyOptions | (() => JourneyOptions) = {}, timeout?: number): (ctx: TestContext) => Journey {
  let j: Journey | undefined;
  beforeAll(async () => {
    j = await startJourney(typeof options === 'function' ? options() : options);
  }, timeout);
  afterAll(async () => {
    await j?.close();
  });
  return (ctx) => j ?? ctx.skip();
}

/** The two widths most journeys check a page at: a desktop and a phone. */
export const DESKTOP_AND_PHONE = [
  { width: 1280, height: 900 },
  { width: 360, height: 740 },
];

/** Runs axe-core with the WCAG 2.0/2.1 A and AA rules and fails with a readable list of violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(violations, `accessibility violations on ${what}`).toEqual([]);
}

/** Fails when the page threw or broke the Content-Security-Policy. */
export function expectNoPageErrors(page: Page): void {
  expect((page as Page & { urbiaErrors?: string[] }).urbiaErrors ?? []).toEqual([]);
}

/** The page's main heading, for polling after a navigation. */
export const h1 = (page: Page) => page.locator('h1').textContent();

/** True when nothing overflows sideways (the page works at the viewport's width). */
export const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

export interface JourneyPerson {
  email: string;
  password: string;
}

/** A person with an account in Timișoara (roles given, email confirmed when `verified`), created directly. */
export async function journeyPerson(j: Journey, email: string, name: string, options: { roles?: ('citizen' | 'staff')[]; verified?: boolean } = {}): Promise<JourneyPerson> {
  const users = j.server.services.users;
  const password = 'a long enough password';
  const u = await users.register({ email, password, displayName: name, locale: 'ro' });
  const tm = await j.server.services.tenants.bySlug('timisoara');
  await users.setMemberRoles({ kind: 'system' }, tm, u.id, options.roles ?? ['citizen']);
  if (options.verified) await j.server.database.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', u.id).execute();
  return { email, password };
}

/** Signs in through the real form (Romanian, the default language) and waits for the account page. */
export async function signIn(page: Page, who: JourneyPerson): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Adresa de email').fill(who.email);
  await page.getByLabel('Parola').fill(who.password);
  await page.getByRole('button', { name: 'Intrați în cont' }).click();
  await expect.poll(async () => `${await h1(page)} ${await page.getByRole('alert').allTextContents()}`).toContain('Contul meu');
}
