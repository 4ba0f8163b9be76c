/** The consultations' and budgets' routes, one registration per resource, in the order the API document lists them. */
import type { AppInstance } from '../../core/http.js';
import { ballotsRoutes } from './ballots/ballots.routes.js';
import { budgetOutcomesRoutes, budgetsRoutes } from './budgets/budgets.routes.js';
import { codesRoutes } from './codes/codes.routes.js';
import type { ParticipationService } from './participation.service.js';
import { surveyResponsesRoutes, surveysRoutes } from './surveys/surveys.routes.js';

export async function participationRoutes(app: AppInstance, svc: ParticipationService) {
  await surveysRoutes(app, svc.surveys);
  await surveyResponsesRoutes(app, svc.surveys);
  await codesRoutes(app, svc.codes);
  await budgetsRoutes(app, svc.budgets);
  await ballotsRoutes(app, svc.ballots);
  await budgetOutcomesRoutes(app, svc.budgets, svc.pabulib);
}
