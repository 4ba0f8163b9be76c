export { AuditService, createAuditService } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
