import { defineCoreModule } from '../module.js';
import { createAuditService } from './audit.service.js';
import { auditRoutes } from './audit.routes.js';
export { AuditService, createAuditService } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';

export const auditModule = defineCoreModule({
  name: 'audit',
  create: (ctx) => createAuditService(ctx.db),
  routes: (app, core) => auditRoutes(app, { audit: core.audit }),
});
