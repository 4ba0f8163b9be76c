/**
 * Participation: consultations (surveys), participatory budgets, and the metrics that feed the strategy's
 * automatic KPIs. Other modules use it only through `ParticipationService`.
 */
import { defineModule } from '../module.js';
import { participationDatasets } from './participation.datasets.js';
import { participationPolicy } from './participation.policy.js';
import { moderationPolicy } from './moderation/moderation.policy.js';
import { participationPersonalData } from './participation.personal-data.repository.js';
import { ParticipationRepository } from './participation.repository.js';
import { participationRoutes } from './participation.routes.js';
import { processesRoutes } from './processes/processes.routes.js';
import { proposalAnswerRoutes, proposalsRoutes } from './proposals/proposals.routes.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { interestsRoutes } from './interests/interests.routes.js';
import { ParticipationService } from './participation.service.js';
import { participationFollowables, registerParticipationNotices } from './participation.notices.js';
import { CommunityService } from './participation.community.js';
import { seedParticipationDemo } from './participation.demo.js';
import { BudgetProjectsRepository } from './budget-projects/budget-projects.repository.js';
import { BudgetProjectsService } from './budget-projects/budget-projects.service.js';
import { budgetProjectsRoutes } from './budget-projects/budget-projects.routes.js';
import { ImagesRepository } from './images/images.repository.js';
import { ParticipationImages } from './images/images.service.js';
import { imagesRoutes } from './images/images.routes.js';
import { ModerationService } from './moderation/moderation.service.js';
import { moderationRoutes } from './moderation/moderation.routes.js';
import { SurveysRepository } from './surveys/surveys.repository.js';
import { SurveysService } from './surveys/surveys.service.js';
import { CodesRepository } from './codes/codes.repository.js';
import { CodesService } from './codes/codes.service.js';
import { BudgetsRepository } from './budgets/budgets.repository.js';
import { BudgetsService } from './budgets/budgets.service.js';
import { PabulibService } from './budgets/pabulib.service.js';
import { BallotsRepository } from './ballots/ballots.repository.js';
import { BallotsService } from './ballots/ballots.service.js';

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
  abilities: { manage: participationPolicy.manage, moderate: moderationPolicy.moderate },
  create(ctx) {
    const repo = new ParticipationRepository(ctx.db);
    const surveysRepo = new SurveysRepository(ctx.db);
    const surveys = new SurveysService(surveysRepo);
    const budgetsRepo = new BudgetsRepository(ctx.db);
    const budgets = new BudgetsService(budgetsRepo, ctx.modules);
    const svc = new ParticipationService({
      repo,
      surveys,
      codes: new CodesService(new CodesRepository(ctx.db), surveys, surveysRepo),
      budgets,
      pabulib: new PabulibService(budgetsRepo, budgets),
      ballots: new BallotsService(new BallotsRepository(ctx.db), budgets, (area) => ctx.core.tenants.members(area)),
      community: new CommunityService(ctx.db, ctx.modules),
      budgetProjects: new BudgetProjectsService(new BudgetProjectsRepository(ctx.db)),
      moderation: new ModerationService(ctx.db),
    });
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
    const images = new ParticipationImages(new ImagesRepository(ctx.db), ctx.storage);
    const { processesService, proposalsService, commentsService, interestsService } = svc.community;
    await participationRoutes(app, svc);
    await processesRoutes(app, processesService);
    await proposalsRoutes(app, proposalsService, images);
    await proposalAnswerRoutes(app, proposalsService, svc);
    await commentsRoutes(app, commentsService, svc.moderation);
    await interestsRoutes(app, interestsService);
    await budgetProjectsRoutes(app, svc.budgetProjects!, images);
    await imagesRoutes(app, images, proposalsService, svc.budgetProjects!);
    if (svc.moderation) await moderationRoutes(app, svc.moderation);
  },
  console: (svc, tenant) => svc.consoleCounters(tenant),
  overview: (svc, tenant) => svc.overview(tenant),
  personalData: { export: (ctx, userId, trx) => participationPersonalData(trx, userId, ctx.module.storage) },
  demo: [{ name: 'Timișoara consultation 2021 (reconstructed) and a demo budget', run: (ctx, svc) => seedParticipationDemo(ctx.database.db, svc) }],
});
