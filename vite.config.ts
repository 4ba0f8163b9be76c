import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = resolve(import.meta.dirname, 'dist', 'web');

/**
 * Writes `name.br` and `name.gz` beside every text asset once, at maximum compression, so the server sends
 * precompressed files (@fastify/static `preCompressed`) instead of compressing each response at a low level.
 */
function precompress(): Plugin {
  return {
    name: 'urbia-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'web'),
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // No source maps in the served directory: they exposed the whole source (4.3 MB) to anyone (issue 18).
    sourcemap: false,
    // .vite/manifest.json: which chunks each page loads (the first-page bytes test and `npm run bench -- web`).
    manifest: true,
    // A strict CSP forbids inline scripts; keep Vite from inlining its module preload helper.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // A module's index.ts re-exports what other modules use; its components, hooks and the index itself have no
    // import-time effects, so a page loads only what it uses of another module, not everything its index names.
    rollupOptions: { treeshake: { moduleSideEffects: (id: string) => !/[\\/]web[\\/]src[\\/]modules[\\/][^\\/]+[\\/](index\.ts|components[\\/].+\.tsx|api[\\/].+\.ts)$/.test(id) } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
