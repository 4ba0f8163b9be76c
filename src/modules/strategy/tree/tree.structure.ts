/**
 * The strategy's skeleton (pillars, objectives, projects) with every node by code: what evaluating a KPI
 * needs to name its scope and its pillar, and what the tree counts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../core/db.js';
import { notFound } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import { ml } from '../strategy.io.js';
import type { ObjectiveRow, PillarRow, StrategyRepository, StrategyRow } from '../strategy.repository.js';

export interface NodeInfo {
  code: string;
  type: 'pillar' | 'objective' | 'project';
  kind: string;
  title: Multiloc;
  pillarId: number;
  objectiveId: number | null;
}

export interface Structure {
  strategy: StrategyRow;
  pillars: PillarRow[];
  objectives: ObjectiveRow[];
  projects: Awaited<ReturnType<StrategyRepository['projectsLight']>>;
  nodes: Map<string, NodeInfo>;
  pillarById: Map<number, PillarRow>;
}

/** Reads the skeleton; 404 when the city has no strategy. */
export async function loadStructure(repo: StrategyRepository, tenantId: number, q?: Transaction<Database> | Kysely<Database>): Promise<Structure> {
  const [strategy, pillars, objectives, projects] = await Promise.all([repo.strategy(tenantId, q), repo.pillars(tenantId, q), repo.objectives(tenantId, q), repo.projectsLight(tenantId, q)]);
  if (!strategy) throw notFound('strategy');
  const nodes = new Map<string, NodeInfo>();
  for (const p of pillars) nodes.set(p.code, { code: p.code, type: 'pillar', kind: p.kind, title: ml(p.title), pillarId: p.id, objectiveId: null });
  for (const o of objectives) nodes.set(o.code, { code: o.code, type: 'objective', kind: o.kind, title: ml(o.title), pillarId: o.pillar_id, objectiveId: o.id });
  for (const p of projects) nodes.set(p.code, { code: p.code, type: 'project', kind: p.kind, title: ml(p.title), pillarId: p.pillar_id, objectiveId: p.objective_id });
  return { strategy, pillars, objectives, projects, nodes, pillarById: new Map(pillars.map((p) => [p.id, p])) };
}
