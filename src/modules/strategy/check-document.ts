/** Validates strategy documents: `npx tsx src/modules/strategy/check-document.ts FILE…` (also `urbia strategy validate`). */
import { readFileSync } from 'node:fs';
import { StrategyDocument, describeIssues } from './strategy.document.js';

export function checkStrategyFile(file: string): { ok: true; summary: string } | { ok: false; errors: { path: string; message: string }[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, errors: [{ path: '$', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const parsed = StrategyDocument.safeParse(json);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error.issues) };
  const d = parsed.data;
  const children = d.pillars.reduce((n, p) => n + p.children.length, 0);
  const byLevel = (l: string) => d.kpis.filter((k) => k.level === l).length;
  return {
    ok: true,
    summary: `${d.tenant}: ${d.pillars.length} pillars, ${children} objectives/directions, ${d.projects.filter((p) => p.kind === 'project').length} projects, ${d.projects.filter((p) => p.kind === 'open_action').length} open actions, ${d.kpis.length} KPIs (${byLevel('key')} key, ${byLevel('outcome')} outcome, ${byLevel('output')} output)`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const file of process.argv.slice(2)) {
    const result = checkStrategyFile(file);
    if (result.ok) console.log(`${file}: OK — ${result.summary}`);
    else {
      failed = true;
      console.error(`${file}: ${result.errors.length} error(s)`);
      for (const e of result.errors.slice(0, 50)) console.error(`  ${e.path}: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
