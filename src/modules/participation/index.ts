/**
 * Participation: consultations (surveys), participatory budgets, and the metrics that feed the strategy's
 * automatic KPIs. Other modules use it only through `ParticipationService`.
 */
import { defineModule } from '../module.js';
import { participationDatasets } from './participation.datasets.js';
import { participationPersonalData } from './participation.personal-data.repository.js';
import { ParticipationRepository } from './participation.repository.js';
import { participationRoutes } from './participation.routes.js';
import { communityRoutes } from './participation.community.routes.js';
import { ParticipationService } from './participation.service.js';
import { participationFollowables, registerParticipationNotices } from './participation.notices.js';
import { CommunityService } from './participation.community.js';
import { seedParticipationDemo } from './participation.demo.js';
import { BudgetProjectsService } from './participation.projects.js';
import { projectsRoutes } from './participation.projects.routes.js';
import { ParticipationImages } from './participation.images.js';
import { ModerationService } from './moderation/moderation.service.js';
import { moderationRoutes } from './moderation/moderation.routes.js';

export { ParticipationService } from './participation.service.js';
export { CommunityService } from './participation.community.js';

declare module '../../core/events.js' {
  interface EventMap {
    /** emitted by the users module when a person deletes their account */
    'users.account.deleted': { userId: string };
  }
}

declare module '../module.js' {
  interface ModuleServices {
    participation: ParticipationService;
  }
}

export const participationModule = defineModule({
  name: 'participation',
  datasets: (service) => participationDatasets(service),
  followables: (svc) => participationFollowables(svc),
  create(ctx) {
    const repo = new ParticipationRepository(ctx.db);
    const svc = new ParticipationService(repo, new CommunityService(ctx.db, ctx.modules), ctx.modules, new BudgetProjectsService(ctx.db), new ModerationService(ctx.db), (area) => ctx.core.tenants.members(area));
    registerParticipationNotices(ctx.core.notifications, ctx.worker, svc, repo, ctx.core.tenants);
    ctx.metrics.register({
      name: 'participation.consultation_participants_max',
      unit: 'people',
      description: 'Participants in the largest single consultation in the period',
      compute: (tenantId, p) => svc.largestConsultation(tenantId, p.from, p.to),
    });
    ctx.metrics.register({
      name: 'participation.participants_total',
      unit: 'people',
      description: 'Distinct people who answered a consultation or cast a budget vote in the period',
      compute: (tenantId, p) => svc.participantsTotal(tenantId, p.from, p.to),
    });
    ctx.metrics.register({
      name: 'participation.budget_voters',
      unit: 'people',
      description: 'Ballots cast (checked out) in participatory budgets in the period',
      compute: (tenantId, p) => svc.budgetVoters(tenantId, p.from, p.to),
    });
    // Account deletion: the users module emits this event (or calls svc.anonymiseUser directly).
    ctx.worker.on('users.account.deleted', async (e) => {
      await svc.anonymiseUser(e.payload.userId);
    });
    return svc;
  },
  routes: async (app, svc, ctx) => {
    const images = new ParticipationImages(ctx.db, ctx.storage);
    await participationRoutes(app, svc);
    await communityRoutes(app, svc, images);
    await projectsRoutes(app, svc, images);
    if (svc.moderation) await moderationRoutes(app, svc.moderation);
  },
  console: (svc, tenant) => svc.consoleCounters(tenant),
  overview: (svc, tenant) => svc.overview(tenant),
  personalData: { export: (ctx, userId, trx) => participationPersonalData(trx, userId, ctx.module.storage) },
  demo: [{ name: 'Timișoara consultation 2021 (reconstructed) and a demo budget', run: (ctx, svc) => seedParticipationDemo(ctx.database.db, svc) }],
});
