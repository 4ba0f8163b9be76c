/**
 * The "your input" chain for participation: a proposal's author follows it (and hears of the official
 * answer and of its conversion into a strategy project, which they then follow); a voter follows the budget
 * they voted in; the voters of a winning budget project follow the strategy project it became and hear that
 * it won. Templates in ro/en/hu; the hub's existence checks for proposals, budgets and consultations.
 */
import type { OutboxWorker } from '../../core/events.js';
import { type Multiloc, wordFor } from '../../core/i18n.js';
import { type Followable, loads, loadsById, noticeTemplates, type NotificationsService } from '../notifications/index.js';
import { projectPath } from '../strategy/index.js';
import type { TenantsService } from '../tenants/index.js';
import type { ParticipationRepository } from './participation.repository.js';
import type { ParticipationService } from './participation.service.js';

const STATE_TEXT: Record<string, Multiloc> = {
  published: { ro: 'publicată', en: 'published', hu: 'közzétéve' },
  evaluating: { ro: 'în evaluare', en: 'being evaluated', hu: 'értékelés alatt' },
  accepted: { ro: 'acceptată', en: 'accepted', hu: 'elfogadva' },
  rejected: { ro: 'respinsă', en: 'rejected', hu: 'elutasítva' },
  withdrawn: { ro: 'retrasă', en: 'withdrawn', hu: 'visszavonva' },
};

export const PARTICIPATION_TEMPLATES = noticeTemplates({
  'participation.proposal.answered': {
    subject: { ro: 'Propunerea „{title}” a primit un răspuns: {state}', en: 'Your proposal "{title}" was answered: {state}', hu: 'A(z) „{title}” javaslatra válasz érkezett: {state}' },
    body: { ro: 'Primăria a răspuns la propunerea „{title}”.\n\nStare: {state}\n\n{answer}', en: 'The city answered the proposal "{title}".\n\nState: {state}\n\n{answer}', hu: 'A város válaszolt a(z) „{title}” javaslatra.\n\nÁllapot: {state}\n\n{answer}' },
  },
  'participation.proposal.converted': {
    subject: { ro: 'Propunerea „{title}” a devenit proiectul {code}', en: 'The proposal "{title}" became project {code}', hu: 'A(z) „{title}” javaslatból projekt lett: {code}' },
    body: {
      ro: 'Propunerea „{title}” face acum parte din strategia orașului, ca {code}. Veți fi anunțat(ă) când proiectul avansează.',
      en: 'The proposal "{title}" is now part of the city\'s strategy, as {code}. You will hear when the project moves forward.',
      hu: 'A(z) „{title}” javaslat mostantól a város stratégiájának része, {code} kóddal. Értesítjük, ha a projekt előrehalad.',
    },
  },
  'participation.budget_project.won': {
    subject: { ro: 'Proiectul pentru care ați votat a câștigat: {title}', en: 'The project you voted for won: {title}', hu: 'Nyert a projekt, amelyre szavazott: {title}' },
    body: {
      ro: 'Proiectul „{title}”, pentru care ați votat în bugetul participativ „{budget}”, a câștigat și devine proiectul {code}. Veți fi anunțat(ă) când avansează.',
      en: 'The project "{title}", which you voted for in the participatory budget "{budget}", won and becomes project {code}. You will hear when it moves forward.',
      hu: 'A(z) „{title}” projekt, amelyre a(z) „{budget}” részvételi költségvetésben szavazott, nyert, és {code} projektként folytatódik. Értesítjük, ha előrehalad.',
    },
  },
});

export function registerParticipationNotices(hub: NotificationsService, worker: OutboxWorker, svc: ParticipationService, repo: ParticipationRepository, tenants: TenantsService): void {
  hub.registerTemplates(PARTICIPATION_TEMPLATES);

  // Implicit follows (after the change committed; following twice is a no-op, so retries are safe).
  worker.on('participation.proposal.submitted', async (e) => {
    if (e.tenantId === null) return;
    const p = await svc.community.proposal(e.tenantId, e.payload.proposalId);
    if (p.author_id) await hub.follow(hub.db, { tenantId: e.tenantId, kind: 'participation.proposal', id: String(p.id), userId: p.author_id, implicit: true });
  });
  // The voters of a pass's cast ballots follow their budget in one statement per budget (the event names the
  // voter; an older event without it is looked up).
  worker.onMany('participation.ballot.checkedOut', async (events) => {
    const voters = new Map<string, { tenantId: number; budgetId: number; userIds: string[] }>();
    for (const e of events) {
      const b = e.payload.userId !== undefined && e.tenantId !== null ? { tenant_id: e.tenantId, budget_id: e.payload.budgetId, user_id: e.payload.userId } : await repo.ballotUser(e.payload.ballotId);
      if (!b?.user_id) continue;
      const key = `${b.tenant_id}:${b.budget_id}`;
      const group = voters.get(key) ?? { tenantId: b.tenant_id, budgetId: b.budget_id, userIds: [] };
      group.userIds.push(b.user_id);
      voters.set(key, group);
    }
    for (const g of voters.values()) await hub.followMany(hub.db, { tenantId: g.tenantId, kind: 'participation.budget', id: String(g.budgetId) }, g.userIds);
  });
  // Whoever followed the proposal follows the project it became (registered before the notice below, so
  // the conversion's own notice already sees the new follows as harmless duplicates).
  worker.on('participation.proposal.converted', async (e) => {
    if (e.tenantId === null) return;
    await hub.copyFollowers(hub.db, { tenantId: e.tenantId, kind: 'participation.proposal', id: String(e.payload.proposalId) }, e.payload.strategyCode, 'strategy.project');
  });
  worker.on('participation.budget_project.won', async (e) => {
    if (e.tenantId === null) return;
    await hub.followMany(hub.db, { tenantId: e.tenantId, kind: 'strategy.project', id: e.payload.strategyCode }, await repo.votersOf(e.payload.projectId));
  });

  hub.on('participation.proposal.answered', async (e) => {
    if (e.tenantId === null) return null;
    const [p, t] = await Promise.all([svc.community.proposal(e.tenantId, e.payload.proposalId), tenants.byId(e.tenantId)]);
    return {
      tenantId: e.tenantId,
      thing: { kind: 'participation.proposal', id: String(p.id) },
      template: 'participation.proposal.answered',
      params: { title: p.title, state: wordFor(STATE_TEXT, e.payload.state), answer: (p.answer as Multiloc | null) ?? null },
      link: `/${t.slug}/proposals/${p.id}`,
      alsoUsers: p.author_id ? [p.author_id] : [],
    };
  });
  hub.on('participation.proposal.converted', async (e) => {
    if (e.tenantId === null) return null;
    const [p, t] = await Promise.all([svc.community.proposal(e.tenantId, e.payload.proposalId), tenants.byId(e.tenantId)]);
    return {
      tenantId: e.tenantId,
      thing: { kind: 'participation.proposal', id: String(p.id) },
      template: 'participation.proposal.converted',
      params: { title: p.title, code: e.payload.strategyCode },
      link: projectPath(t.slug, e.payload.strategyCode),
      alsoUsers: p.author_id ? [p.author_id] : [],
    };
  });
  hub.on('participation.budget_project.won', async (e) => {
    if (e.tenantId === null) return null;
    const [bp, b, t] = await Promise.all([repo.budgetProject(e.payload.projectId), repo.budgetById(e.payload.budgetId), tenants.byId(e.tenantId)]);
    if (!bp || !b) return null;
    return {
      tenantId: e.tenantId,
      // its voters follow the strategy project now (the handler above)
      thing: { kind: 'strategy.project', id: e.payload.strategyCode },
      template: 'participation.budget_project.won',
      params: { title: bp.title, budget: b.title, code: e.payload.strategyCode },
      link: projectPath(t.slug, e.payload.strategyCode),
    };
  });
}

export function participationFollowables(svc: ParticipationService): Record<string, Followable> {
  return {
    'participation.proposal': { exists: (actor, tenant, id) => loadsById(id, (n) => svc.community.shownProposal(tenant.id, n, actor)) },
    // the budget's read takes the id as text
    'participation.budget': { exists: (_a, tenant, id) => loadsById(id, () => svc.budget(tenant, id)) },
    'participation.survey': { exists: (_a, tenant, id) => loads(() => svc.survey(tenant, id)) },
  };
}
