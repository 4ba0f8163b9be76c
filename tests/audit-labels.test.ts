/**
 * Staff read the audit log and API keys in their language: every audit action and domain event the code writes
 * (`<module>.<resource>.<verb>`) and every API-key purpose has a label in ro, en and hu (web/src/i18n, `auditLabels`).
 * The actions are found in the sources, so a new one without labels fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_KEY_PURPOSES } from '../src/core/actor.js';
import { ROOT_DIR } from '../src/core/version.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const MODULES = readdirSync(join(ROOT_DIR, 'src', 'modules')).filter((m) => statSync(join(ROOT_DIR, 'src', 'modules', m)).isDirectory());
const ACTION = new RegExp(`['\`]((?:${MODULES.join('|')})\\.[a-zA-Z_]+\\.[a-zA-Z_]+)['\`]`, 'g');
// `participation.budgetProject.${action}`: the verbs it writes are the budget project's review steps
const DYNAMIC = ['participation.budgetProject.costed', 'participation.budgetProject.markedReady', 'participation.budgetProject.reviewed'];

const actions = new Set<string>(DYNAMIC);
for (const file of sources(join(ROOT_DIR, 'src'))) for (const m of readFileSync(file, 'utf8').matchAll(ACTION)) actions.add(m[1]!);

describe.each(['ro', 'en', 'hu'])('audit and API-key labels (%s)', (lng) => {
  const labels = (JSON.parse(readFileSync(join(ROOT_DIR, 'web', 'src', 'i18n', `${lng}.json`), 'utf8')) as { auditLabels: Record<string, Record<string, string>> }).auditLabels;

  it('labels every part of every action the code writes', () => {
    expect(actions.size).toBeGreaterThan(50);
    const missing = [...actions].flatMap((a) => {
      const [module, resource, verb] = a.split('.') as [string, string, string];
      return [!labels.module?.[module] && `module ${module}`, !labels.resource?.[resource] && `resource ${resource} (${a})`, !labels.verb?.[verb] && `verb ${verb} (${a})`].filter(Boolean);
    });
    expect([...new Set(missing)]).toEqual([]);
  });

  it('labels every API-key purpose', () => {
    for (const p of API_KEY_PURPOSES) expect(labels.keyPurpose?.[p], p).toBeTruthy();
  });
});
