/**
 * What a visitor's browser downloads as JavaScript for a first page (issue 18): the entry and everything it
 * imports statically, the language's strings, and the page's own chunk with its static imports, read from
 * Vite's build manifest (dist/web/.vite/manifest.json). Sizes are the brotli files the server sends
 * (vite.config.ts writes them at quality 11); a file too small to be precompressed counts at its brotli size.
 * Used by tests/web-first-page.test.ts (≤ 150 KB) and `npm run bench -- web`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/** The first pages the issue names, each with the source file of its page (its manifest key) and a URL. */
export const FIRST_PAGES = [
  { name: 'home', path: '/', page: 'src/pages/HomePage.tsx' },
  { name: 'city page', path: '/timisoara', page: 'src/pages/CityPage.tsx' },
  { name: 'strategy tree', path: '/timisoara/strategy', page: 'src/modules/strategy/pages/StrategyOverviewPage.tsx' },
  { name: 'a project page', path: '/timisoara/projects/A1.P11', page: 'src/modules/strategy/pages/ProjectPage.tsx' },
  { name: 'reports list', path: '/timisoara/reports', page: 'src/modules/reports/pages/ReportsPage.tsx' },
] as const;

export interface FirstPageBytes {
  /** brotli bytes of all JavaScript the page loads before it can render */
  brotli: number;
  /** the same files uncompressed */
  raw: number;
  /** the files, as served under /assets */
  files: string[];
}

export function readManifest(distDir: string): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
}

function closure(manifest: Record<string, ManifestChunk>, key: string, seen: Set<string>): Set<string> {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest`);
  seen.add(key);
  for (const dep of chunk.imports ?? []) closure(manifest, dep, seen);
  return seen;
}

function brotliSize(distDir: string, file: string): number {
  const br = join(distDir, `${file}.br`);
  if (existsSync(br)) return readFileSync(br).length;
  return brotliCompressSync(readFileSync(join(distDir, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** The JavaScript a first visit to the page loads: entry + language strings + page chunk, each with its static imports. */
export function firstPageBytes(distDir: string, page: string, locale: 'ro' | 'en' | 'hu' = 'ro'): FirstPageBytes {
  const manifest = readManifest(distDir);
  const keys = new Set<string>();
  for (const root of ['index.html', `src/i18n/bundles/${locale}.ts`, page]) closure(manifest, root, keys);
  const files = [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  return {
    files,
    brotli: files.reduce((sum, f) => sum + brotliSize(distDir, f), 0),
    raw: files.reduce((sum, f) => sum + readFileSync(join(distDir, f)).length, 0),
  };
}
