/**
 * The strategy API under /api/v1/tenants/:tenant. Public reads; staff writes (roles staff/admin), each
 * audited with its event; follows for signed-in people. Every collection is also CSV (`.csv` suffix or
 * `Accept: text/csv`). Codes contain dots and slashes: send them URL-encoded (D3.2/5 → D3.2%2F5).
 */
import { type AppInstance } from '../../core/http.js';
import { LIMITS } from '../../shared/limits.js';
import { kpiRoutes, measurementRoutes } from './kpis/kpis.routes.js';
import { pillarRoutes } from './pillars/pillars.routes.js';
import { projectRoutes } from './projects/projects.routes.js';
import { revisionRoutes } from './revisions/revisions.routes.js';
import type { StrategyService } from './strategy.service.js';
import { treeRoutes } from './tree/tree.routes.js';

/** The presenters the service answers other modules with (StrategyServiceDeps.present); index.ts hands them in. */
export { strategyPresenters } from './strategy.presenter.js';

/** Registers every strategy route, one resource after the other (the order is the OpenAPI document's). */
export async function strategyRoutes(app: AppInstance, strategy: StrategyService) {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: LIMITS.bodyBytes * 5 }, (_req, body, done) => done(null, body));
  treeRoutes(app, strategy);
  pillarRoutes(app, strategy);
  projectRoutes(app, strategy);
  kpiRoutes(app, strategy);
  measurementRoutes(app, strategy);
  revisionRoutes(app, strategy);
}
