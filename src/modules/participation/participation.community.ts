/**
 * Proposals (ideas) with supports, states and official answers; comments on proposals, budget projects,
 * strategy projects and processes; participatory processes with phases; expressions of interest in a
 * strategy project's working group. Links to the strategy go through the strategy module's service API.
 */
import { isInt32Id } from '../../core/input.js';
import { sql } from 'kysely';
import { type Actor, hasRole } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import type { Db } from '../../core/db.js';
import { badRequest, conflict, forbidden, isUniqueViolation, notFound, unauthorized, validationFailed } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { ModuleServices } from '../module.js';
import type { TenantRow } from '../tenants/index.js';
import type { Multiloc } from './survey.logic.js';
import { checkPlace } from './participation.places.js';

declare module '../../core/events.js' {
  interface EventMap {
    'participation.proposal.submitted': { proposalId: number };
    'participation.proposal.edited': { proposalId: number };
    'participation.proposal.answered': { proposalId: number; state: string };
    'participation.proposal.converted': { proposalId: number; strategyCode: string; kind: 'project' | 'open_action' };
    'participation.comment.posted': { commentId: number; on: string };
    'participation.comment.hidden': { commentId: number; reason: string };
    'participation.process.created': { processId: number; slug: string };
    'participation.process.updated': { processId: number; slug: string };
    'participation.interest.expressed': { interestId: number; projectCode: string };
  }
}

export const COMPONENTS = ['propose', 'comment', 'support', 'vote', 'answer'] as const;
export type Component = (typeof COMPONENTS)[number];
export interface Phase {
  key: string;
  title: Multiloc;
  start: string;
  end: string;
  components: Component[];
}
export interface StrategyLink {
  type: 'pillar' | 'objective' | 'project';
  code: string;
}

export const EDIT_WINDOW_MS = 15 * 60_000;
export const PROPOSAL_STATES = ['published', 'evaluating', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export type CommentTarget = 'proposal' | 'budget_project' | 'strategy_project' | 'process';

/** Lower case, without diacritics or punctuation: what similarity and search compare. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
const STOP = new Set(['de', 'si', 'la', 'in', 'cu', 'pe', 'pentru', 'din', 'un', 'o', 'the', 'a', 'of', 'and', 'to', 'for', 'es', 'az', 'a']);
const words = (s: string) => new Set(normalise(s).split(' ').filter((w) => w.length > 2 && !STOP.has(w)));

/** Jaccard similarity of the meaningful words of two titles (0–1). */
export function similarity(a: string, b: string): number {
  const A = words(a);
  const B = words(b);
  if (!A.size || !B.size) return 0;
  let inter = 0;
  for (const w of A) if (B.has(w)) inter++;
  return inter / (A.size + B.size - inter);
}

/** The phase running on a date, if any. */
export function currentPhase(phases: Phase[], today = new Date().toISOString().slice(0, 10)): Phase | undefined {
  return phases.find((p) => p.start <= today && today <= p.end);
}

const userOf = (actor: Actor) => {
  if (actor.kind !== 'user') throw unauthorized();
  return actor.user;
};

export class CommunityService {
  constructor(
    private readonly db: Db,
    private readonly modules: Partial<ModuleServices>,
  ) {}

  // ---------- Processes ----------

  processes(tenantId: number) {
    return this.db.selectFrom('participation_processes').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }

  async process(tenantId: number, idOrSlug: string) {
    const byId = isInt32Id(idOrSlug);
    const p = await this.db.selectFrom('participation_processes').selectAll().where('tenant_id', '=', tenantId).where(byId ? 'id' : 'slug', '=', byId ? Number(idOrSlug) : idOrSlug).executeTakeFirst();
    if (!p) throw notFound('process');
    return p;
  }

  /** The processes linked to a strategy project (for the strategy module's project page). */
  processesForProject(tenantId: number, code: string) {
    return this.db
      .selectFrom('participation_processes')
      .select(['id', 'slug', 'title', 'scope', 'phases'])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`links @> ${JSON.stringify([{ code }])}::jsonb`)
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** The rules a process's phases and links follow (create and edit): dates in order, unique keys, known projects. */
  private async checkProcess(tenantId: number, input: { phases: Phase[]; links: StrategyLink[] }) {
    const seen = new Set<string>();
    input.phases.forEach((p, i) => {
      if (p.end < p.start) throw validationFailed([{ field: `phases[${i}].end`, message: 'a phase ends after it starts' }]);
      if (seen.has(p.key)) throw validationFailed([{ field: `phases[${i}].key`, message: 'two phases have the same key' }]);
      seen.add(p.key);
    });
    const strategy = this.modules.strategy;
    if (strategy)
      for (const [i, l] of input.links.entries())
        if (l.type === 'project' && !(await strategy.getProject(tenantId, l.code))) throw validationFailed([{ field: `links[${i}].code`, message: 'no strategy project with this code' }]);
  }

  async createProcess(actor: Actor, tenant: TenantRow, input: { slug: string; title: Multiloc; description: Multiloc; scope: string; phases: Phase[]; links: StrategyLink[] }) {
    await this.checkProcess(tenant.id, input);
    return this.db.transaction().execute(async (trx) => {
      try {
        const { id } = await trx
          .insertInto('participation_processes')
          .values({ tenant_id: tenant.id, slug: input.slug, title: JSON.stringify(input.title), description: JSON.stringify(input.description), scope: input.scope, phases: JSON.stringify(input.phases), links: JSON.stringify(input.links) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.process.created', entityType: 'participation_process', entityId: String(id), after: input });
        await emit(trx, 'participation.process.created', { processId: id, slug: input.slug }, tenant.id);
        return id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`A process with the address "${input.slug}" already exists.`);
        throw e;
      }
    });
  }

  /** Staff edit a process: title, description, scope, phases (added, reordered, changed) and links; audited with before and after. */
  async updateProcess(actor: Actor, tenant: TenantRow, idOrSlug: string, input: { title: Multiloc; description: Multiloc; scope: string; phases: Phase[]; links: StrategyLink[] }) {
    const before = await this.process(tenant.id, idOrSlug);
    await this.checkProcess(tenant.id, input);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('participation_processes')
        .set({ title: JSON.stringify(input.title), description: JSON.stringify(input.description), scope: input.scope, phases: JSON.stringify(input.phases), links: JSON.stringify(input.links) })
        .where('id', '=', before.id)
        .execute();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.process.updated', entityType: 'participation_process', entityId: String(before.id), before: { title: before.title, description: before.description, scope: before.scope, phases: before.phases, links: before.links }, after: input });
      await emit(trx, 'participation.process.updated', { processId: before.id, slug: before.slug }, tenant.id);
    });
    return before.slug;
  }

  /** Refuses an action the process's current phase has switched off. */
  private async assertComponent(processId: number | null, component: Component) {
    if (processId === null) return;
    const p = await this.db.selectFrom('participation_processes').select('phases').where('id', '=', processId).executeTakeFirst();
    if (!p || p.phases.length === 0) return;
    const phase = currentPhase(p.phases);
    if (!phase || !phase.components.includes(component)) throw conflict(`The current phase of this process does not allow "${component}".`, 'phase_closed');
  }

  // ---------- Proposals ----------

  async proposals(tenantId: number, q: { state?: ProposalState; sort: 'supports' | 'recent'; processId?: number }) {
    // hidden by the moderators: out of the public list (staff find them in the moderation queue)
    let query = this.db.selectFrom('participation_proposals').selectAll().where('tenant_id', '=', tenantId).where('hidden_at', 'is', null);
    if (q.state) query = query.where('state', '=', q.state);
    else query = query.where('state', '!=', 'withdrawn');
    if (q.processId) query = query.where('process_id', '=', q.processId);
    return query.orderBy(q.sort === 'supports' ? 'supports_count' : 'created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  }

  async proposal(tenantId: number, id: number) {
    const p = await this.db.selectFrom('participation_proposals').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound('proposal');
    return p;
  }

  /** A proposal as a visitor may see it: one hidden by the moderators is not found, except for the city's staff. */
  async shownProposal(tenantId: number, id: number, actor: Actor) {
    const p = await this.proposal(tenantId, id);
    if (p.hidden_at && !this.isStaff(actor, tenantId)) throw notFound('proposal');
    return p;
  }

  async supportedBy(proposalId: number, actor: Actor) {
    if (actor.kind !== 'user') return false;
    return !!(await this.db.selectFrom('participation_supports').select('proposal_id').where('proposal_id', '=', proposalId).where('voter_key', '=', actor.user.id).executeTakeFirst());
  }

  /** Proposals whose titles look like this text (hints while typing, to avoid duplicates). */
  async similar(tenantId: number, text: string) {
    if (normalise(text).length < 3) return [];
    const rows = await this.db.selectFrom('participation_proposals').select(['id', 'title', 'state', 'supports_count']).where('tenant_id', '=', tenantId).where('state', '!=', 'withdrawn').where('hidden_at', 'is', null).orderBy('created_at', 'desc').limit(1000).execute();
    return rows
      .map((r) => ({ ...r, score: similarity(text, r.title) }))
      .filter((r) => r.score >= 0.2)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
  }

  async submitProposal(actor: Actor, tenant: TenantRow, input: { title: string; body: string; category?: string; lat?: number; lon?: number; processId?: number }) {
    const u = userOf(actor);
    if (input.processId) {
      await this.process(tenant.id, String(input.processId));
      await this.assertComponent(input.processId, 'propose');
    }
    checkPlace(tenant, input.lat, input.lon);
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('participation_proposals')
        .values({ tenant_id: tenant.id, process_id: input.processId ?? null, author_id: u.id, title: input.title, body: input.body, title_normalized: normalise(input.title), category: input.category ?? null, lat: input.lat ?? null, lon: input.lon ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await emit(trx, 'participation.proposal.submitted', { proposalId: id }, tenant.id);
      return id;
    });
  }

  /**
   * The author edits their proposal while it is still only published (not yet evaluated or answered):
   * text, category and place (`lat`/`lon` null removes the place).
   */
  async editProposal(actor: Actor, tenant: TenantRow, id: number, input: { title?: string; body?: string; category?: string | null; lat?: number | null; lon?: number | null }) {
    const u = userOf(actor);
    const p = await this.proposal(tenant.id, id);
    if (p.author_id !== u.id) throw forbidden('Only the author can edit a proposal.');
    if (p.state !== 'published') throw conflict('A proposal under evaluation or answered can no longer be edited.', 'proposal_locked');
    const placeGiven = input.lat !== undefined || input.lon !== undefined;
    if (placeGiven) checkPlace(tenant, input.lat, input.lon);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('participation_proposals')
        .set({
          ...(input.title !== undefined ? { title: input.title, title_normalized: normalise(input.title) } : {}),
          ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}),
          ...(placeGiven ? { lat: input.lat ?? null, lon: input.lon ?? null } : {}),
        })
        .where('id', '=', id)
        .execute();
      await emit(trx, 'participation.proposal.edited', { proposalId: id }, tenant.id);
    });
  }

  /** One support per person: the primary key refuses a second one, also when two requests race. */
  async support(actor: Actor, tenant: TenantRow, id: number) {
    const u = userOf(actor);
    const p = await this.shownProposal(tenant.id, id, actor);
    if (p.author_id === u.id) throw forbidden('You cannot support your own proposal.');
    if (p.state !== 'published' && p.state !== 'evaluating') throw conflict('This proposal no longer takes supports.', 'proposal_closed');
    await this.assertComponent(p.process_id, 'support');
    try {
      return await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('participation_supports').values({ proposal_id: id, user_id: u.id, voter_key: u.id }).execute();
        const r = await trx.updateTable('participation_proposals').set({ supports_count: sql`supports_count + 1` }).where('id', '=', id).returning('supports_count').executeTakeFirstOrThrow();
        return r.supports_count;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You already support this proposal.', 'already_supported');
      throw e;
    }
  }

  async withdraw(actor: Actor, tenant: TenantRow, id: number) {
    const u = userOf(actor);
    const p = await this.proposal(tenant.id, id);
    if (p.author_id !== u.id) throw forbidden('Only the author can withdraw a proposal.');
    if (p.state === 'accepted' || p.state === 'rejected') throw conflict('An answered proposal cannot be withdrawn.');
    await this.db.updateTable('participation_proposals').set({ state: 'withdrawn' }).where('id', '=', id).execute();
  }

  async answer(actor: Actor, tenant: TenantRow, id: number, input: { state: 'evaluating' | 'accepted' | 'rejected'; answer: Multiloc }) {
    const p = await this.proposal(tenant.id, id);
    if (p.state === 'withdrawn') throw conflict('The author withdrew this proposal.');
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('participation_proposals').set({ state: input.state, answer: JSON.stringify(input.answer), answered_at: new Date() }).where('id', '=', id).execute();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.proposal.answered', entityType: 'participation_proposal', entityId: String(id), before: { state: p.state, answer: p.answer }, after: input });
      await emit(trx, 'participation.proposal.answered', { proposalId: id, state: input.state }, tenant.id);
    });
  }

  /**
   * Turns an accepted proposal into a strategy project or open action (through the strategy module's
   * service). The proposal keeps the new code, so the link shows both ways.
   */
  async convert(actor: Actor, tenant: TenantRow, id: number, input: { kind: 'project' | 'open_action'; code: string; parent: string; category?: string }) {
    const strategy = this.modules.strategy;
    if (!strategy) throw conflict('The strategy module is not installed, so a proposal cannot become a strategy project.', 'strategy_unavailable');
    const p = await this.proposal(tenant.id, id);
    if (p.state !== 'accepted') throw conflict('Only an accepted proposal can become a strategy project or open action.', 'not_accepted');
    if (p.strategy_code) throw conflict(`This proposal is already ${p.strategy_code}.`, 'already_converted');
    // An open action belongs to one of the strategy's five categories: staff choose it (no default).
    if (input.kind === 'open_action' && !input.category) throw validationFailed([{ field: 'category', message: 'choose the category of the open action' }]);
    await strategy.createProject(actor, tenant, {
      code: input.code,
      kind: input.kind,
      parent: input.parent,
      title: { ro: p.title },
      description: { ro: `${p.body}\n\n(Propunere cetățenească nr. ${p.id})` },
      status: 'idea',
      priority: null,
      budget: { amount: null, currency: 'EUR', basis: 'unknown' },
      fundingSources: [],
      ...(input.category ? { category: input.category } : {}),
      ...(p.lat !== null && p.lon !== null ? { location: { type: 'Point', coordinates: [p.lon, p.lat] } } : {}),
    } as Parameters<typeof strategy.createProject>[2]);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('participation_proposals').set({ strategy_code: input.code }).where('id', '=', id).execute();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.proposal.converted', entityType: 'participation_proposal', entityId: String(id), after: input });
      await emit(trx, 'participation.proposal.converted', { proposalId: id, strategyCode: input.code, kind: input.kind }, tenant.id);
    });
    return input.code;
  }

  // ---------- Comments ----------

  private async assertTarget(tenantId: number, type: CommentTarget, targetId: string, actor: Actor): Promise<number | null> {
    if (type === 'proposal') {
      const p = await this.shownProposal(tenantId, Number(targetId), actor);
      return p.process_id;
    }
    if (type === 'process') {
      await this.process(tenantId, targetId);
      return null;
    }
    if (type === 'budget_project') {
      const bp = await this.db.selectFrom('participation_budget_projects').select('id').where('tenant_id', '=', tenantId).where('id', '=', Number(targetId)).executeTakeFirst();
      if (!bp) throw notFound('budget project');
      return null;
    }
    const strategy = this.modules.strategy;
    if (strategy && !(await strategy.getProject(tenantId, targetId))) throw notFound('strategy project');
    return null;
  }

  comments(tenantId: number, type: CommentTarget, targetId: string) {
    return this.db
      .selectFrom('participation_comments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('target_type', '=', type)
      .where('target_id', '=', targetId)
      .orderBy('id')
      .limit(1000)
      .execute();
  }

  async comment(actor: Actor, tenant: TenantRow, input: { type: CommentTarget; targetId: string; body: string; parentId?: number }) {
    const u = userOf(actor);
    const processId = await this.assertTarget(tenant.id, input.type, input.targetId, actor);
    await this.assertComponent(processId, 'comment');
    if (input.parentId !== undefined) {
      const parent = await this.db.selectFrom('participation_comments').select(['id', 'parent_id', 'target_type', 'target_id']).where('id', '=', input.parentId).where('tenant_id', '=', tenant.id).executeTakeFirst();
      if (!parent || parent.target_type !== input.type || parent.target_id !== input.targetId) throw validationFailed([{ field: 'parentId', message: 'not a comment on the same item' }]);
      // One level of threading: a reply to a reply goes under the same top-level comment.
      if (parent.parent_id !== null) input.parentId = parent.parent_id;
    }
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('participation_comments')
        .values({ tenant_id: tenant.id, target_type: input.type, target_id: input.targetId, parent_id: input.parentId ?? null, author_id: u.id, author_name: u.displayName, body: input.body })
        .returning('id')
        .executeTakeFirstOrThrow();
      await emit(trx, 'participation.comment.posted', { commentId: id, on: `${input.type}:${input.targetId}` }, tenant.id);
      return id;
    });
  }

  private async ownComment(tenantId: number, id: number) {
    const c = await this.db.selectFrom('participation_comments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('comment');
    return c;
  }

  async editComment(actor: Actor, tenant: TenantRow, id: number, body: string, now = Date.now()) {
    const u = userOf(actor);
    const c = await this.ownComment(tenant.id, id);
    if (c.author_id !== u.id) throw forbidden('Only the author can edit a comment.');
    if (now - c.created_at.getTime() > EDIT_WINDOW_MS) throw conflict('A comment can be edited for 15 minutes after it is posted.', 'edit_window_over');
    if (c.hidden_at) throw conflict('A hidden comment cannot be edited.');
    await this.db.updateTable('participation_comments').set({ body, edited_at: new Date(now) }).where('id', '=', id).execute();
  }

  async flagComment(actor: Actor, tenant: TenantRow, id: number, reason: string) {
    const u = userOf(actor);
    await this.ownComment(tenant.id, id);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('participation_comment_flags').values({ comment_id: id, user_id: u.id, reason }).execute();
        await trx.updateTable('participation_comments').set({ flags_count: sql`flags_count + 1` }).where('id', '=', id).execute();
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You already reported this comment.', 'already_flagged');
      throw e;
    }
  }

  // ---------- Expressions of interest ----------

  async expressInterest(actor: Actor, tenant: TenantRow, input: { projectCode: string; role: string; message: string; organisation?: string; contactConsent: boolean }) {
    const u = userOf(actor);
    const strategy = this.modules.strategy;
    if (strategy && !(await strategy.getProject(tenant.id, input.projectCode))) throw notFound('strategy project');
    if (!input.contactConsent) throw badRequest('We need your consent to pass your contact to the working group.', [{ field: 'contactConsent', message: 'must be true' }]);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('participation_interests')
          .values({ tenant_id: tenant.id, project_code: input.projectCode, user_id: u.id, name: u.displayName, email: u.email, organisation: input.organisation ?? null, role_offered: input.role, message: input.message, contact_consent: true })
          .returning('id')
          .executeTakeFirstOrThrow();
        await emit(trx, 'participation.interest.expressed', { interestId: id, projectCode: input.projectCode }, tenant.id);
        return id;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You have already expressed interest in this project.', 'already_interested');
      throw e;
    }
  }

  interests(tenantId: number, projectCode?: string) {
    let q = this.db.selectFrom('participation_interests').selectAll().where('tenant_id', '=', tenantId);
    if (projectCode) q = q.where('project_code', '=', projectCode);
    return q.orderBy('project_code').orderBy('created_at').execute();
  }

  /** Interests per project: the share of projects with at least one (Timișoara: over 50 %). */
  async interestCoverage(tenantId: number) {
    const r = await this.db.selectFrom('participation_interests').select((eb) => eb.fn.count<number>('project_code').distinct().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Account deletion for this part: comments keep their text (threads stay readable), the name goes. */
  async anonymiseUser(userId: string) {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('participation_comments').set({ author_id: null, author_name: null }).where('author_id', '=', userId).execute();
      await trx.updateTable('participation_proposals').set({ author_id: null }).where('author_id', '=', userId).execute();
      await trx.updateTable('participation_supports').set({ user_id: null, voter_key: sql<string>`'erased:' || proposal_id::text || ':' || md5(voter_key)` }).where('user_id', '=', userId).execute();
      await trx.deleteFrom('participation_interests').where('user_id', '=', userId).execute();
    });
  }

  isStaff(actor: Actor, tenantId: number) {
    return hasRole(actor, tenantId, ['staff']);
  }
}
