/**
 * A readable diff between two strategy documents, by entity code: which pillars, objectives, projects,
 * KPIs and funding sources were added or removed, and for changed ones the fields (dotted paths) with the
 * value before and after. Arrays of values (SDGs, funding codes, measurements) are compared as a whole.
 */
import type { Multiloc } from '../../core/i18n.js';
import { canonicalJson } from './strategy.io.js';
import type { StrategyDocument } from './strategy.document.js';

type EntityType = 'strategy' | 'fundingSource' | 'pillar' | 'objective' | 'project' | 'kpi' | 'maturityMatrix';

export interface DiffChange {
  type: EntityType;
  code: string;
  title: Multiloc | null;
  change: 'added' | 'removed' | 'changed';
  fields: { field: string; before: unknown; after: unknown }[];
}

interface Entity {
  type: EntityType;
  code: string;
  title: Multiloc | null;
  value: Record<string, unknown>;
}

function entities(doc: StrategyDocument): Entity[] {
  const out: Entity[] = [{ type: 'strategy', code: 'strategy', title: doc.strategy.title, value: doc.strategy as Record<string, unknown> }];
  for (const f of doc.fundingSources) out.push({ type: 'fundingSource', code: f.code, title: f.name, value: f });
  for (const p of doc.pillars) {
    const { children, ...rest } = p;
    out.push({ type: 'pillar', code: p.code, title: p.title, value: rest });
    for (const c of children) out.push({ type: 'objective', code: c.code, title: c.title, value: { ...c, pillar: p.code } });
  }
  for (const p of doc.projects) out.push({ type: 'project', code: p.code, title: p.title, value: p });
  for (const k of doc.kpis) out.push({ type: 'kpi', code: k.code, title: k.name, value: k });
  if (doc.maturityMatrix) out.push({ type: 'maturityMatrix', code: 'maturityMatrix', title: null, value: doc.maturityMatrix });
  return out;
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) if (x !== undefined) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

export function diffDocuments(a: StrategyDocument, b: StrategyDocument): DiffChange[] {
  const key = (e: Entity) => `${e.type}:${e.code}`;
  const before = new Map(entities(a).map((e) => [key(e), e]));
  const after = new Map(entities(b).map((e) => [key(e), e]));
  const changes: DiffChange[] = [];
  for (const [k, e] of after) {
    const old = before.get(k);
    if (!old) {
      changes.push({ type: e.type, code: e.code, title: e.title, change: 'added', fields: [] });
      continue;
    }
    const fa = flatten(old.value, '', new Map());
    const fb = flatten(e.value, '', new Map());
    const fields: DiffChange['fields'] = [];
    for (const f of new Set([...fa.keys(), ...fb.keys()])) {
      const x = fa.get(f);
      const y = fb.get(f);
      if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) fields.push({ field: f, before: x ?? null, after: y ?? null });
    }
    if (fields.length) changes.push({ type: e.type, code: e.code, title: e.title, change: 'changed', fields: fields.sort((p, q) => p.field.localeCompare(q.field)) });
  }
  for (const [k, e] of before) if (!after.has(k)) changes.push({ type: e.type, code: e.code, title: e.title, change: 'removed', fields: [] });
  return changes;
}
