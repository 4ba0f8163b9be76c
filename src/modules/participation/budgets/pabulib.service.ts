/** Participatory budgets in the pabulib .pb format: a file imported as a closed budget with its ballots, and a budget exported with its tallies. */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { badRequest } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { parsePb, PbParseError, pbNumber, writePb, type PbFile } from '../pabulib.js';
import { placeErrors } from '../participation.places.js';
import type { BudgetsRepository } from './budgets.repository.js';
import { type BudgetInput, type BudgetsService, type OutcomeRule, scoreKind } from './budgets.service.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.budget.imported': { budgetId: number; slug: string; projects: number; ballots: number };
  }
}

export class PabulibService {
  constructor(
    private readonly repo: BudgetsRepository,
    private readonly budgets: BudgetsService,
  ) {}

  /** Loads a pabulib file as a closed budget with its ballots (checked out, keyed "pb:<voter_id>"). */
  async importPb(actor: Actor, tenant: TenantRow, text: string, slug?: string) {
    let pb: PbFile;
    try {
      pb = parsePb(text);
    } catch (e) {
      if (e instanceof PbParseError) throw badRequest(`Not a valid .pb file: ${e.message}`, [{ field: '(body)', message: e.message }]);
      throw e;
    }
    const m = pb.meta;
    const base = slug ?? `pb-${[m.unit, m.subunit, m.instance].filter(Boolean).join('-')}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const voteType = ['approval', 'cumulative', 'ordinal', 'choose-1', 'scoring'].includes(m.vote_type ?? '') ? m.vote_type! : 'approval';
    const minLen = pbNumber(m.min_length);
    const maxLen = pbNumber(m.max_length);
    const title = { ro: m.description || `PB ${m.unit ?? ''} ${m.instance ?? ''}`.trim() || 'PB' };
    const about = [m.description, m.unit, m.subunit, m.instance].filter(Boolean).join(' · ');
    // A file without any of these still gets a description (the budget's schema requires Romanian text).
    const description = about ? { ro: about } : { ro: 'Importat dintr-un fișier pabulib.', en: 'Imported from a pabulib file.', hu: 'pabulib-fájlból importálva.' };
    // Projects placed outside this city (a file of another city, or coordinates in the wrong order) are
    // imported without their place: the election is still auditable, the map shows only places in the city.
    let placesDropped = 0;
    const place = (p: PbFile['projects'][number]) => {
      const lat = pbNumber(p.fields.latitude);
      const lon = pbNumber(p.fields.longitude);
      if (lat === undefined || lon === undefined) return {};
      if (placeErrors(tenant, lat, lon, '').length) {
        placesDropped++;
        return {};
      }
      return { lat, lon };
    };
    const input: BudgetInput = {
      slug: base,
      title,
      description,
      total: pbNumber(m.budget)!,
      currency: m.currency ?? (m.country === 'Poland' ? 'PLN' : m.country === 'France' ? 'EUR' : 'RON'),
      scope: m.subunit ?? m.unit ?? 'city',
      eligibility: {},
      votingRule: maxLen ? 'selected_projects' : 'threshold_percent',
      minProjects: minLen ?? 0,
      maxProjects: maxLen ?? null,
      status: 'closed',
      projects: pb.projects.map((p) => ({ code: p.id, title: { ro: p.name || p.id }, cost: p.cost, ...place(p), extra: p.fields })),
    };
    this.budgets.checkBudget(tenant, input);
    // One transaction: the budget (closed from the start: never open for voting), its projects and every
    // One transaction: the budget (closed from the start: never open for voting), its projects and every
    // ballot, or nothing at all.
    const id = await this.repo.transaction(async (trx) => {
      const id = await this.budgets.insertBudget(trx, actor, tenant, input, { voteType, pbMeta: m });
      const projectIds = await this.repo.projectIdsByCode(trx, id);
      const CHUNK = 1000;
      for (let i = 0; i < pb.votes.length; i += CHUNK) {
        const chunk = pb.votes.slice(i, i + CHUNK);
        const ballotOf = await this.repo.insertImportedBallots(trx, chunk.map((v) => ({ tenant_id: tenant.id, budget_id: id, voter_key: `pb:${v.voterId}`, user_id: null, checked_out_at: new Date(), meta: JSON.stringify(v.fields) })));
        const items = chunk.flatMap((v) => v.projects.map((p, pos) => ({ ballot_id: ballotOf.get(`pb:${v.voterId}`)!, project_id: projectIds.get(p)!, position: pos, points: v.points?.[pos] ?? 1 })));
        await this.repo.insertBallotItems(trx, items);
      }
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.imported', entityType: 'participation_budget', entityId: String(id), after: { slug: base, projects: pb.projects.length, ballots: pb.votes.length } });
      await emit(trx, 'participation.budget.imported', { budgetId: id, slug: base, projects: pb.projects.length, ballots: pb.votes.length }, tenant.id);
      return id;
    });
    return {
      id, slug: base, projects: pb.projects.length, ballots: pb.votes.length, placesDropped,
      notes: placesDropped ? [`${placesDropped} project place(s) outside ${tenant.name.ro} were not imported; those projects have no place on the map.`] : [],
    };
  }

  /** Writes the budget, its tallies and every checked-out ballot as a pabulib file. */
  async exportPb(tenant: TenantRow, budgetId: string, rule: OutcomeRule = 'greedy') {
    const r = await this.budgets.results(tenant, budgetId, rule);
    const b = r.budget;
    const ballots = await this.budgets.ballots(b.id);
    const codeOf = new Map(r.projects.map((p) => [String(p.project.id), p.project.code]));
    const kind = scoreKind(b.vote_type);
    const meta: Record<string, string> = {
      description: b.title.ro,
      country: b.pb_meta.country ?? 'Romania',
      unit: b.pb_meta.unit ?? tenant.slug,
      instance: b.pb_meta.instance ?? String(b.created_at.getFullYear()),
      ...b.pb_meta,
      budget: String(Number(b.total)),
      vote_type: b.vote_type,
      rule: rule === 'greedy' ? 'greedy' : 'equalshares/add1',
    };
    if (b.voting_rule === 'selected_projects') {
      meta.min_length = String(b.min_projects);
      if (b.max_projects) meta.max_length = String(b.max_projects);
    } else if (b.vote_type === 'approval') {
      meta.max_sum_cost = String(Number(b.total));
      if (b.voting_rule === 'threshold_percent' && Number(b.threshold_percent) > 0) meta.min_sum_cost = String((Number(b.total) * Number(b.threshold_percent)) / 100);
      if (b.voting_rule === 'minimum_projects') meta.min_length = String(b.min_projects);
    }
    const file: PbFile = {
      meta,
      projects: r.projects.map((p) => ({
        id: p.project.code,
        cost: Number(p.project.cost),
        name: p.project.title.ro,
        fields: { votes: String(p.votes), ...(kind !== 'approval' ? { score: String(p.score) } : {}), selected: p.selected ? '1' : '0' },
      })),
      votes: ballots.map((v, i) => ({
        voterId: v.voterKey.startsWith('pb:') ? v.voterKey.slice(3) : String(i + 1),
        projects: v.projects.map((p) => codeOf.get(p)!),
        ...(kind === 'cumulative' ? { points: v.points! } : {}),
        fields: {},
      })),
    };
    return { slug: b.slug, text: writePb(file) };
  }
}
