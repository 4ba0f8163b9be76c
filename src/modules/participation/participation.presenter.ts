/** Budget and budget project rows → API shapes, shared by the budgets' and the budget projects' routes. */
import type { Selectable } from 'kysely';
import type { Database } from '../../core/db.js';

type BudgetRow = Selectable<Database['participation_budgets']>;
type ProjectRow = Selectable<Database['participation_budget_projects']>;

export function presentBudget(b: BudgetRow) {
  return {
    id: b.id,
    slug: b.slug,
    title: b.title,
    description: b.description,
    total: Number(b.total),
    currency: b.currency,
    scope: b.scope,
    eligibility: b.eligibility,
    votingRule: b.voting_rule,
    thresholdPercent: Number(b.threshold_percent),
    minProjects: b.min_projects,
    maxProjects: b.max_projects,
    voteType: b.vote_type,
    status: b.status,
  };
}

export function presentProject(p: ProjectRow) {
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    description: p.description,
    cost: Number(p.cost),
    lat: p.lat,
    lon: p.lon,
    review: p.review,
    reviewReason: p.review_reason,
    costNote: p.cost_note,
    proposedCost: p.proposed_cost === null ? null : Number(p.proposed_cost),
    proposalId: p.proposal_id,
  };
}
