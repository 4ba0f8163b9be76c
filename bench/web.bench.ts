/**
 * `npm run bench -- web` (issue 18): what a first visit costs.
 *
 * 1. JavaScript each first page loads before it renders (entry + language strings + the page's chunk, brotli
 *    as served), from the build manifest, next to the old single bundle.
 * 2. A Lighthouse-style run of the home and city pages in Chromium throttled through CDP to a phone profile
 *    (Slow 4G class: 150 ms RTT, 1.6 Mbps down, 750 kbps up; 4× CPU slowdown): LCP (PerformanceObserver
 *    'largest-contentful-paint') and TBT (long tasks after first contentful paint, minus 50 ms each),
 *    median of a few cold loads. Targets: LCP ≤ 2.5 s, TBT ≤ 200 ms.
 *
 * Baseline of 1: main at 2850ff6 (before the split) built one 1,295,776-byte bundle, 313,163 bytes at brotli
 * quality 11 (381,002 at the quality 4 the server compressed it with on the fly), and served its 4.7 MB map.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { WEB_DIST } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { ensureWebBuilt } from '../src/core/webbuild.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { startServer } from '../src/server.js';
import { FIRST_PAGES, firstPageBytes } from '../tools/first-page-bytes.js';
import { type BenchContext, type BenchResult, percentile } from './lib.js';

const SINGLE_BUNDLE_BROTLI = 313_163;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface PageMetrics {
  lcp: number;
  tbt: number;
  fcp: number;
  scriptBytes: number;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  await ensureWebBuilt(ctx.log);
  const results: BenchResult[] = [];
  for (const page of FIRST_PAGES) {
    const b = firstPageBytes(WEB_DIST, page.page);
    results.push({
      name: `web first page JS, brotli: ${page.name} (${page.path})`,
      value: b.brotli / 1024,
      unit: 'KiB',
      baseline: { name: 'the old single bundle', value: SINGLE_BUNDLE_BROTLI / 1024 },
      details: { files: b.files.length, rawKiB: Math.round(b.raw / 1024) },
    });
  }

  // Only the two cities (no demo load): the home and city pages' code, strings and first queries.
  const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-web-')), PORT: '0', LOG_LEVEL: 'warn', URBIA_TILE_URL: 'none', URBIA_RATE_LIMITS: 'false' });
  const server = await startServer(config, { serveWeb: true, logger: false, beforeListen: (built) => seedTenants(built.services.tenants).then(() => undefined) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'] });
  try {
    const runs = ctx.quick ? 3 : 7;
    for (const path of ['/', '/timisoara']) {
      const samples: PageMetrics[] = [];
      for (let i = 0; i < runs; i++) samples.push(await throttledLoad(browser, server.url + path));
      const med = (k: keyof PageMetrics) => percentile(samples.map((s) => s[k]), 50);
      results.push({ name: `throttled phone: LCP ${path === '/' ? 'home' : 'city page'} (target ≤ 2,500)`, value: med('lcp'), unit: 'ms', details: { fcp: med('fcp'), max: Math.max(...samples.map((s) => s.lcp)), runs } });
      results.push({ name: `throttled phone: TBT ${path === '/' ? 'home' : 'city page'} (target ≤ 200)`, value: med('tbt'), unit: 'ms', details: { max: Math.max(...samples.map((s) => s.tbt)), scriptKiBOnWire: Math.round(med('scriptBytes') / 1024) } });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

/** One cold load (new context: empty cache) under the phone profile. */
async function throttledLoad(browser: import('playwright-core').Browser, url: string): Promise<PageMetrics> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ro-RO' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let scriptBytes = 0;
  const scripts = new Set<string>();
  cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    if (scripts.has(e.requestId)) scriptBytes += e.encodedDataLength;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number; __long: { start: number; duration: number }[] };
    w.__lcp = 0;
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__lcp = e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(3000); // quiet window: TBT counts until the main thread has settled
  const m = await page.evaluate(() => {
    const w = window as unknown as { __lcp: number; __long: { start: number; duration: number }[] };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    return { lcp: w.__lcp, fcp, tbt: w.__long.filter((t) => t.start >= fcp).reduce((s, t) => s + Math.max(0, t.duration - 50), 0) };
  });
  await context.close();
  return { ...m, scriptBytes };
}
