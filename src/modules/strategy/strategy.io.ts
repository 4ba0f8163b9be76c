/**
 * The strategy document ↔ the strategy tables. Import replaces a tenant's strategy inside the caller's
 * transaction (a handful of multi-row inserts, not row by row); export rebuilds the document from the
 * tables, field for field, so that import → export → import → export is lossless.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import type { Multiloc } from '../../core/i18n.js';
import type { StrategyDocument } from './strategy.document.js';
import type { StrategyIoRepository } from './strategy.io.repository.js';
import type { PillarRow } from './strategy.repository.js';
import { normalizeSearch } from './strategy.search.js';
import './strategy.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
type Doc = StrategyDocument;
type DocProject = Doc['projects'][number];

/** A stable hash of a document's content (key order does not matter). */
export function documentHash(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const j = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The text a project is found by. */
export function projectSearchText(p: { code: string; title: Multiloc; description?: Multiloc | null | undefined; responsible?: string | null | undefined; partners?: string | null | undefined; maturity?: string | null | undefined; horizon?: string | null | undefined }): string {
  const parts = [p.code, ...Object.values(p.title), ...Object.values(p.description ?? {}), p.responsible ?? '', p.partners ?? '', p.maturity ?? '', p.horizon ?? ''];
  return normalizeSearch(parts.join(' '));
}

export function geometryPoint(location: unknown): { lat: number | null; lon: number | null } {
  const g = location as { type?: string; coordinates?: unknown } | null | undefined;
  if (!g || !g.type) return { lat: null, lon: null };
  // A representative point: the point itself, or the mean of an area's or a line's vertices.
  const flat: number[][] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') flat.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  if (!flat.length) return { lat: null, lon: null };
  const lon = flat.reduce((s, p) => s + p[0]!, 0) / flat.length;
  const lat = flat.reduce((s, p) => s + p[1]!, 0) / flat.length;
  return { lat, lon };
}

export function projectColumns(p: Omit<DocProject, 'code' | 'parent' | 'fundingSources' | 'timeline'> & { code: string }) {
  const { lat, lon } = geometryPoint(p.location);
  return {
    kind: p.kind,
    title: j(p.title)!,
    description: j(p.description),
    status: p.status,
    maturity: p.maturity ?? null,
    priority: p.priority,
    priority_text: p.priorityText ?? null,
    category: p.category ?? null,
    budget_amount: p.budget.amount,
    budget_basis: p.budget.basis,
    budget_text: p.budget.text ?? null,
    horizon: p.horizon ?? null,
    funding_text: p.fundingText ?? null,
    responsible: p.responsible ?? null,
    partners: p.partners ?? null,
    digital_enablers: j(p.digitalEnablers),
    local_actor_types: j(p.localActorTypes),
    location: j(p.location),
    lat,
    lon,
    progress: p.progress ?? null,
    remark: j(p.remark),
    note: p.note ?? null,
    search: projectSearchText(p),
  };
}

/** Writes a validated document as the tenant's strategy, replacing what was there. */
export async function importDocument(repo: StrategyIoRepository, trx: Transaction<Database>, tenantId: number, doc: Doc, progress: (msg: string) => void = () => undefined): Promise<{ pillars: number; objectives: number; projects: number; kpis: number; measurements: number }> {
  await repo.deleteStrategy(trx, tenantId);
  // A list of the document (funding sources, pillars, KPIs) as rows: the tenant, the item's code and its place
  // in the list, which the reads order by, around the item's own columns.
  const listed = <T extends { code: string }, C extends object>(items: T[], columns: (x: T) => C) => items.map((x, i) => ({ tenant_id: tenantId, code: x.code, ...columns(x), position: i }));
  const s = doc.strategy;
  await repo.insertStrategy(trx, {
      tenant_id: tenantId,
      title: j(s.title)!,
      period_start: s.periodStart,
      period_end: s.periodEnd,
      vision: j(s.vision)!,
      mission: j(s.mission),
      motto: j(s.motto),
      status: s.status,
      adopted_on: s.adoptedOn ?? null,
      source: j(s.source)!,
      note: s.note ?? null,
      maturity_matrix: j(doc.maturityMatrix),
      notes: j(doc.notes),
      schema_ref: doc.$schema ?? null,
      content_hash: documentHash(doc),
      updated_at: new Date(),
  });

  const fundingIds = new Map<string, number>();
  if (doc.fundingSources.length) {
    const rows = await repo.insertFundingSources(trx, listed(doc.fundingSources, (f) => ({ name: j(f.name)!, note: f.note ?? null })));
    for (const r of rows) fundingIds.set(r.code, r.id);
  }

  const pillarRows = await repo.insertPillars(
    trx,
    listed(doc.pillars, (p) => ({
        kind: p.kind,
        title: j(p.title)!,
        dimension: p.dimension,
        sdgs: j(p.sdgs)!,
        diagnosis: j(p.diagnosis),
        status_quo: j(p.statusQuo)!,
        open_action_counts: j(p.openActionCounts),
        digital_enablers: j(p.digitalEnablers),
        local_actor_types: j(p.localActorTypes),
        note: p.note ?? null,
      })),
  );
  const pillarIds = new Map(pillarRows.map((r) => [r.code, r.id]));
  progress(`  ${pillarRows.length} pillars`);

  const children = doc.pillars.flatMap((p) => p.children.map((c, i) => ({ c, i, pillarId: pillarIds.get(p.code)! })));
  const objectiveIds = new Map<string, { id: number; pillarId: number }>();
  if (children.length) {
    const rows = await repo.insertObjectives(trx, children.map(({ c, i, pillarId }) => ({ tenant_id: tenantId, pillar_id: pillarId, code: c.code, kind: c.kind, title: j(c.title)!, description: j(c.description), note: c.note ?? null, position: i })));
    for (const r of rows) objectiveIds.set(r.code, { id: r.id, pillarId: r.pillar_id });
  }
  progress(`  ${children.length} objectives / action directions`);

  let projectIds = new Map<string, number>();
  if (doc.projects.length) {
    const rows = await repo.insertProjects(
      trx,
      doc.projects.map((p, i) => {
        const obj = objectiveIds.get(p.parent);
        return { tenant_id: tenantId, code: p.code, pillar_id: obj?.pillarId ?? pillarIds.get(p.parent)!, objective_id: obj?.id ?? null, position: i, updated_at: new Date(), ...projectColumns(p) };
      }),
    );
    projectIds = new Map(rows.map((r) => [r.code, r.id]));
    const links = doc.projects.flatMap((p) => p.fundingSources.map((f, i) => ({ project_id: projectIds.get(p.code)!, funding_source_id: fundingIds.get(f)!, position: i })));
    await repo.insertProjectFunding(trx, links);
    const timeline = doc.projects.flatMap((p) =>
      (p.timeline ?? []).map((e) => ({ tenant_id: tenantId, project_id: projectIds.get(p.code)!, date: e.date, text: j(e.text)!, status: e.status ?? null, author: e.author ?? null })),
    );
    await repo.insertTimeline(trx, timeline);
  }
  progress(`  ${doc.projects.length} projects and open actions`);

  let measurements = 0;
  if (doc.kpis.length) {
    const rows = await repo.insertKpis(
      trx,
      listed(doc.kpis, (k) => ({
          level: k.level,
          scope_code: k.scope,
          name: j(k.name)!,
          unit: k.unit ?? null,
          direction: k.direction,
          baseline: j(k.baseline)!,
          target: j(k.target)!,
          reference: j(k.reference),
          automatic_metric: k.automaticMetric ?? null,
          remark: j(k.remark),
          note: k.note ?? null,
          updated_at: new Date(),
        })),
    );
    const kpiIds = new Map(rows.map((r) => [r.code, r.id]));
    const ms = doc.kpis.flatMap((k) =>
      (k.measurements ?? []).map((m) => ({ tenant_id: tenantId, kpi_id: kpiIds.get(k.code)!, date: m.date, value: m.value, source: m.source ?? null, note: m.note ?? null, author: m.author ?? null })),
    );
    measurements = ms.length;
    await repo.insertMeasurements(trx, ms);
  }
  progress(`  ${doc.kpis.length} KPIs, ${measurements} measurements`);
  return { pillars: pillarRows.length, objectives: children.length, projects: doc.projects.length, kpis: doc.kpis.length, measurements };
}

/** Multiloc in the order people read it (jsonb returns keys in its own order). */
export function ml(v: unknown): Multiloc {
  const m = v as Multiloc;
  return { ro: m.ro, ...(m.en !== undefined ? { en: m.en } : {}), ...(m.hu !== undefined ? { hu: m.hu } : {}) };
}

/** Puts the keys of `v` in `order` first (readable exports), dropping undefined values. */
function ordered<T extends object>(v: T, order: string[]): T {
  const out: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const k of order) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out as T;
}

/** `{ [key]: v }`, or nothing when v is null or undefined: an optional field that is absent, not null. */
export const opt = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } => (v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]: V }));

/**
 * What a pillar says about itself, in the order both the strategy document and the API show it: the export
 * and the presenter start every pillar with these fields.
 */
export function pillarHead(p: Pick<PillarRow, 'code' | 'kind' | 'title' | 'dimension' | 'sdgs' | 'diagnosis'>) {
  return {
    code: p.code,
    kind: p.kind as 'ambition',
    title: ml(p.title),
    dimension: p.dimension as 'governance',
    sdgs: p.sdgs as number[],
    ...opt('diagnosis', p.diagnosis && ml(p.diagnosis)),
  };
}

/** Rebuilds the tenant's strategy document from the tables; undefined when the tenant has no strategy. */
export async function exportDocument(repo: StrategyIoRepository, q: Q, tenantId: number, tenantSlug: string): Promise<Doc | undefined> {
  const tables = await repo.tables(tenantId, q);
  if (!tables) return undefined;
  const { strategy: s, funding, pillars, objectives, projects, links, timeline, kpis, measurements } = tables;
  const group = <T, K>(rows: T[], key: (r: T) => K) => {
    const m = new Map<K, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  const pillarCode = new Map(pillars.map((p) => [p.id, p.code]));
  const objectiveCode = new Map(objectives.map((o) => [o.id, o.code]));
  const childrenOf = group(objectives, (o) => o.pillar_id);
  const fundingOf = group(links, (l) => l.project_id);
  const timelineOf = group(timeline, (t) => t.project_id);
  const measurementsOf = group(measurements, (m) => m.kpi_id);

  const doc: Doc = {
    ...opt('$schema', s.schema_ref),
    format: 'urbia.strategy/1',
    tenant: tenantSlug,
    strategy: {
      title: ml(s.title),
      periodStart: s.period_start,
      periodEnd: s.period_end,
      vision: ml(s.vision),
      ...opt('mission', s.mission && ml(s.mission)),
      ...opt('motto', s.motto && ml(s.motto)),
      status: s.status as 'draft' | 'adopted',
      ...opt('adoptedOn', s.adopted_on),
      source: ordered(s.source as Doc['strategy']['source'], ['title', 'file', 'url', 'translations', 'note']),
      ...opt('note', s.note),
    },
    fundingSources: funding.map((f) => ({ code: f.code, name: ml(f.name), ...opt('note', f.note) })),
    pillars: pillars.map((p) => ({
      ...pillarHead(p),
      statusQuo: (p.status_quo as Doc['pillars'][number]['statusQuo']).map((f) => ordered({ ...f, label: ml(f.label) }, ['label', 'value', 'valueText', 'unit', 'year', 'source', 'note'])),
      children: (childrenOf.get(p.id) ?? []).map((c) => ({
        code: c.code,
        kind: c.kind as 'objective',
        title: ml(c.title),
        ...opt('description', c.description && ml(c.description)),
        ...opt('note', c.note),
      })),
      ...opt('openActionCounts', p.open_action_counts as Doc['pillars'][number]['openActionCounts'] | null),
      ...opt('digitalEnablers', p.digital_enablers as string[] | null),
      ...opt('localActorTypes', p.local_actor_types as string[] | null),
      ...opt('note', p.note),
    })),
    projects: projects.map((p) => {
      const tl = timelineOf.get(p.id) ?? [];
      return {
        code: p.code,
        kind: p.kind as 'project',
        title: ml(p.title),
        ...opt('description', p.description && ml(p.description)),
        parent: p.objective_id !== null ? objectiveCode.get(p.objective_id)! : pillarCode.get(p.pillar_id)!,
        status: p.status as DocProject['status'],
        ...opt('maturity', p.maturity),
        priority: p.priority as DocProject['priority'],
        ...opt('priorityText', p.priority_text),
        ...opt('category', p.category as DocProject['category']),
        budget: { amount: p.budget_amount, currency: 'EUR' as const, basis: p.budget_basis as DocProject['budget']['basis'], ...opt('text', p.budget_text) },
        ...opt('horizon', p.horizon),
        fundingSources: (fundingOf.get(p.id) ?? []).map((l) => l.code),
        ...opt('fundingText', p.funding_text),
        ...opt('responsible', p.responsible),
        ...opt('partners', p.partners),
        ...opt('digitalEnablers', p.digital_enablers as string[] | null),
        ...opt('localActorTypes', p.local_actor_types as string[] | null),
        ...opt('location', p.location as DocProject['location'] | null),
        ...opt('progress', p.progress),
        ...(tl.length ? { timeline: tl.map((e) => ({ date: e.date, text: ml(e.text), ...opt('status', e.status as DocProject['status'] | null), ...opt('author', e.author) })) } : {}),
        ...opt('remark', p.remark && ml(p.remark)),
        ...opt('note', p.note),
      };
    }),
    kpis: kpis.map((k) => {
      const ms = measurementsOf.get(k.id) ?? [];
      const reference = k.reference as Doc['kpis'][number]['reference'] | null;
      return {
        code: k.code,
        level: k.level as 'key',
        scope: k.scope_code,
        name: ml(k.name),
        ...opt('unit', k.unit),
        direction: k.direction as 'increase',
        baseline: ordered(k.baseline as Doc['kpis'][number]['baseline'], ['available', 'value', 'text', 'year', 'source']),
        target: ordered(k.target as Doc['kpis'][number]['target'], ['kind', 'value', 'text', 'year']),
        ...opt('reference', reference && ordered({ ...reference, label: ml(reference.label) }, ['label', 'value', 'text'])),
        ...opt('automaticMetric', k.automatic_metric),
        ...(ms.length ? { measurements: ms.map((m) => ({ date: m.date, value: m.value, ...opt('source', m.source), ...opt('note', m.note), ...opt('author', m.author) })) } : {}),
        ...opt('remark', k.remark && ml(k.remark)),
        ...opt('note', k.note),
      };
    }),
    ...opt('maturityMatrix', s.maturity_matrix as Doc['maturityMatrix'] | null),
    ...opt('notes', s.notes as string[] | null),
  };
  return doc;
}
