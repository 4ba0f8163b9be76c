/**
 * Staff edits of the strategy's structure: pillars (ambitions or strategic objectives) and their objectives
 * (or action directions), each audited with its event in the transaction that makes it. A pillar or an
 * objective still holding projects or KPIs is not deleted.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import type { Database } from '../../../core/db.js';
import { conflict, notFound, validationFailed } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { ObjectiveRow, PillarRow } from '../strategy.repository.js';
import type { StrategyEditRepository } from '../strategy.edit.repository.js';
import type * as S from '../strategy.schemas.js';
import { StrategyWriter } from '../strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;

/** A pillar with what hangs on it (what a pillar edit answers). */
export type PillarContents = { pillar: PillarRow } & Awaited<ReturnType<StrategyEditRepository['pillarContents']>>;
/** An objective with its pillar's code and its counts (what an objective edit answers). */
export interface ObjectiveContents {
  objective: ObjectiveRow;
  counts: Awaited<ReturnType<StrategyEditRepository['objectiveCounts']>>;
}

export class PillarEdits extends StrategyWriter {
  private async pillarOr404(trx: Q, tenantId: number, code: string) {
    const p = await this.edits.pillarByCode(trx, tenantId, code);
    if (!p) throw notFound('pillar');
    return p;
  }

  private async pillarContents(q: Q, tenantId: number, code: string): Promise<PillarContents> {
    const pillar = await this.pillarOr404(q, tenantId, code);
    return { pillar, ...(await this.edits.pillarContents(q, tenantId, pillar)) };
  }

  async createPillar(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.PillarCreateBody>): Promise<PillarContents> {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const row = await this.edits.insertPillar(trx, {
        tenant_id: tenant.id,
        code: input.code,
        kind: input.kind,
        title: JSON.stringify(input.title),
        dimension: input.dimension,
        sdgs: JSON.stringify(input.sdgs),
        diagnosis: input.diagnosis ? JSON.stringify(input.diagnosis) : null,
        status_quo: JSON.stringify(input.statusQuo),
        open_action_counts: input.openActionCounts ? JSON.stringify(input.openActionCounts) : null,
        digital_enablers: input.digitalEnablers ? JSON.stringify(input.digitalEnablers) : null,
        local_actor_types: input.localActorTypes ? JSON.stringify(input.localActorTypes) : null,
        note: input.note ?? null,
        position: input.position ?? (await this.edits.nextPosition(trx, 'strategy_pillars', tenant.id)),
      });
      await this.record(trx, actor, tenant, 'strategy.pillar.created', { tenantId: tenant.id, code: row.code }, { type: 'strategy_pillar', id: row.code, after: input });
      return this.pillarContents(trx, tenant.id, row.code);
    });
  }

  async updatePillar(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.PillarUpdateBody>): Promise<PillarContents> {
    return this.write(actor, tenant, async (trx) => {
      const before = await this.pillarOr404(trx, tenant.id, code);
      const set: Record<string, unknown> = {};
      const js = (v: unknown) => (v === null ? null : JSON.stringify(v));
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.title !== undefined) set.title = JSON.stringify(input.title);
      if (input.dimension !== undefined) set.dimension = input.dimension;
      if (input.sdgs !== undefined) set.sdgs = JSON.stringify(input.sdgs);
      if (input.diagnosis !== undefined) set.diagnosis = js(input.diagnosis);
      if (input.statusQuo !== undefined) set.status_quo = JSON.stringify(input.statusQuo);
      if (input.openActionCounts !== undefined) set.open_action_counts = js(input.openActionCounts);
      if (input.digitalEnablers !== undefined) set.digital_enablers = js(input.digitalEnablers);
      if (input.localActorTypes !== undefined) set.local_actor_types = js(input.localActorTypes);
      if (input.note !== undefined) set.note = input.note;
      if (input.position !== undefined) set.position = input.position;
      await this.edits.updatePillar(trx, before.id, set);
      await this.record(trx, actor, tenant, 'strategy.pillar.updated', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: this.present.pillarBase(before), after: input });
      return this.pillarContents(trx, tenant.id, code);
    });
  }

  async deletePillar(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.pillarOr404(trx, tenant.id, code);
      if (await this.edits.pillarInUse(trx, tenant.id, before)) throw conflict(`The pillar ${code} still has objectives, projects or KPIs; move or delete them first.`, 'not_empty');
      await this.edits.deletePillar(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.pillar.deleted', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: this.present.pillarBase(before) });
    });
  }

  private async objectiveOr404(trx: Q, tenantId: number, code: string) {
    const o = await this.edits.objectiveByCode(trx, tenantId, code);
    if (!o) throw notFound('objective');
    return o;
  }

  private async objectiveContents(q: Q, tenantId: number, code: string): Promise<ObjectiveContents> {
    const objective = await this.objectiveOr404(q, tenantId, code);
    return { objective, counts: await this.edits.objectiveCounts(q, tenantId, objective) };
  }

  async createObjective(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.ObjectiveCreateBody>): Promise<ObjectiveContents> {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const pillar = await this.edits.pillarByCode(trx, tenant.id, input.pillar);
      if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
      const position = input.position ?? (await this.edits.nextPosition(trx, 'strategy_objectives', tenant.id));
      await this.edits.insertObjective(trx, { tenant_id: tenant.id, pillar_id: pillar.id, code: input.code, kind: input.kind, title: JSON.stringify(input.title), description: input.description ? JSON.stringify(input.description) : null, note: input.note ?? null, position });
      await this.record(trx, actor, tenant, 'strategy.objective.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_objective', id: input.code, after: input });
      return this.objectiveContents(trx, tenant.id, input.code);
    });
  }

  async updateObjective(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ObjectiveUpdateBody>): Promise<ObjectiveContents> {
    return this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      const set: Record<string, unknown> = {};
      if (input.pillar !== undefined) {
        const pillar = await this.edits.pillarByCode(trx, tenant.id, input.pillar);
        if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
        set.pillar_id = pillar.id;
        // Its projects move with it.
        await this.edits.moveObjectiveProjects(trx, before.id, pillar.id);
      }
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.title !== undefined) set.title = JSON.stringify(input.title);
      if (input.description !== undefined) set.description = input.description === null ? null : JSON.stringify(input.description);
      if (input.note !== undefined) set.note = input.note;
      if (input.position !== undefined) set.position = input.position;
      await this.edits.updateObjective(trx, before.id, set);
      await this.record(trx, actor, tenant, 'strategy.objective.updated', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before, after: input });
      return this.objectiveContents(trx, tenant.id, code);
    });
  }

  async deleteObjective(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      if (await this.edits.objectiveInUse(trx, tenant.id, before)) throw conflict(`The objective ${code} still has projects or KPIs; move or delete them first.`, 'not_empty');
      await this.edits.deleteObjective(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.objective.deleted', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before });
    });
  }
}
