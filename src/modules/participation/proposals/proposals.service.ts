/**
 * Proposals (ideas): citizens submit, edit while only published, withdraw and support them; staff answer
 * them and turn an accepted one into a strategy project or open action (through the strategy module's
 * service API). A proposal hidden by the moderators is not found, except for the city's staff.
 */
import { type Actor, hasRole } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, forbidden, isUniqueViolation, notFound, unauthorized, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { checkPlace } from '../participation.places.js';
import type { ProcessesService } from '../processes/processes.service.js';
import type { Multiloc } from '../survey.logic.js';
import type { ProposalsRepository } from './proposals.repository.js';
import { normalise, similarity } from './proposals.similarity.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.proposal.submitted': { proposalId: number };
    'participation.proposal.edited': { proposalId: number };
    'participation.proposal.answered': { proposalId: number; state: string };
    'participation.proposal.converted': { proposalId: number; strategyCode: string; kind: 'project' | 'open_action' };
  }
}

export const PROPOSAL_STATES = ['published', 'evaluating', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const userOf = (actor: Actor) => {
  if (actor.kind !== 'user') throw unauthorized();
  return actor.user;
};

export class ProposalsService {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly processes: ProcessesService,
    private readonly modules: Partial<ModuleServices>,
  ) {}

  proposals(tenantId: number, q: { state?: ProposalState; sort: 'supports' | 'recent'; processId?: number }) {
    return this.repo.list(tenantId, q);
  }

  async proposal(tenantId: number, id: number) {
    const p = await this.repo.byId(tenantId, id);
    if (!p) throw notFound('proposal');
    return p;
  }

  /** A proposal as a visitor may see it: one hidden by the moderators is not found, except for the city's staff. */
  async shownProposal(tenantId: number, id: number, actor: Actor) {
    const p = await this.proposal(tenantId, id);
    if (p.hidden_at && !hasRole(actor, tenantId, ['staff'])) throw notFound('proposal');
    return p;
  }

  async supportedBy(proposalId: number, actor: Actor) {
    if (actor.kind !== 'user') return false;
    return this.repo.supportedBy(proposalId, actor.user.id);
  }

  /** Proposals whose titles look like this text (hints while typing, to avoid duplicates). */
  async similar(tenantId: number, text: string) {
    if (normalise(text).length < 3) return [];
    const rows = await this.repo.recentTitles(tenantId);
    return rows
      .map((r) => ({ ...r, score: similarity(text, r.title) }))
      .filter((r) => r.score >= 0.2)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
  }

  async submitProposal(actor: Actor, tenant: TenantRow, input: { title: string; body: string; category?: string; lat?: number; lon?: number; processId?: number }) {
    const u = userOf(actor);
    if (input.processId) {
      await this.processes.process(tenant.id, String(input.processId));
      await this.processes.assertComponent(input.processId, 'propose');
    }
    checkPlace(tenant, input.lat, input.lon);
    return this.repo.transaction(async (trx) => {
      const { id } = await this.repo.insert(trx, { tenant_id: tenant.id, process_id: input.processId ?? null, author_id: u.id, title: input.title, body: input.body, title_normalized: normalise(input.title), category: input.category ?? null, lat: input.lat ?? null, lon: input.lon ?? null });
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
    await this.repo.transaction(async (trx) => {
      await this.repo.update(trx, id, {
        ...(input.title !== undefined ? { title: input.title, title_normalized: normalise(input.title) } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(placeGiven ? { lat: input.lat ?? null, lon: input.lon ?? null } : {}),
      });
      await emit(trx, 'participation.proposal.edited', { proposalId: id }, tenant.id);
    });
  }

  /** One support per person: the primary key refuses a second one, also when two requests race. */
  async support(actor: Actor, tenant: TenantRow, id: number) {
    const u = userOf(actor);
    const p = await this.shownProposal(tenant.id, id, actor);
    if (p.author_id === u.id) throw forbidden('You cannot support your own proposal.');
    if (p.state !== 'published' && p.state !== 'evaluating') throw conflict('This proposal no longer takes supports.', 'proposal_closed');
    await this.processes.assertComponent(p.process_id, 'support');
    try {
      return await this.repo.transaction((trx) => this.repo.addSupport(trx, id, u.id));
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
    await this.repo.transaction((trx) => this.repo.update(trx, id, { state: 'withdrawn' }));
  }

  async answer(actor: Actor, tenant: TenantRow, id: number, input: { state: 'evaluating' | 'accepted' | 'rejected'; answer: Multiloc }) {
    const p = await this.proposal(tenant.id, id);
    if (p.state === 'withdrawn') throw conflict('The author withdrew this proposal.');
    await this.repo.transaction(async (trx) => {
      await this.repo.update(trx, id, { state: input.state, answer: JSON.stringify(input.answer), answered_at: new Date() });
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
    await this.repo.transaction(async (trx) => {
      await this.repo.update(trx, id, { strategy_code: input.code });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.proposal.converted', entityType: 'participation_proposal', entityId: String(id), after: input });
      await emit(trx, 'participation.proposal.converted', { proposalId: id, strategyCode: input.code, kind: input.kind }, tenant.id);
    });
    return input.code;
  }
}
