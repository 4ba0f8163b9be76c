import { defineConfig } from 'vitest/config';

// Two projects so scripts can pick a part: `npm run test:unit` (everything but the browser journeys) and
// `npm run test:browser` (the journeys in Chromium). `npm test` runs both.
const BROWSER = ['tests/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    // PGlite is WASM with its own memory per instance; forks keep test files from sharing a heap.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // Browser journeys wait for pages that hash passwords and query PGlite; on a loaded 2-core CI machine
    // that can take seconds, so polling assertions get 15 s instead of Vitest's default 1 s.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 120_000,
    globalSetup: ['tests/helpers/global-setup.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: process.env.URBIA_TEST_RESULTS ?? 'test-results/results.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], exclude: BROWSER } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
    ],
  },
});
