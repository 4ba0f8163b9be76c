import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** an empty directory of this run where the first journey keeps the loaded demo for the others (tests/helpers/browser.ts) */
    journeyTemplateDir: string;
  }
}

/** Builds the web app once before the suites, so browser tests serve the current sources. */
export default async function setup(project: TestProject): Promise<() => void> {
  const { ensureWebBuilt } = await import('../../src/core/webbuild.js');
  await ensureWebBuilt(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'urbia-journey-template-'));
  project.provide('journeyTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
