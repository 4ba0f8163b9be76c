/**
 * A person's own data (GDPR), as a module of its own so it comes after every module whose `personalData`
 * hook it gathers. It belongs to the users module (its tables are `users_*`); registered last in the registry.
 */
import { defineModule } from '../../module.js';
import { PrivacyRepository } from './privacy.repository.js';
import { privacyRoutes } from './privacy.routes.js';
import { PrivacyService } from './privacy.service.js';

declare module '../../module.js' {
  interface ModuleServices {
    privacy: PrivacyService;
  }
}

export const privacyModule = defineModule({
  name: 'privacy',
  create(ctx) {
    const svc = new PrivacyService({ db: ctx.db, repo: new PrivacyRepository(ctx.db), dataDir: ctx.config.dataDir, manifests: ctx.manifests, services: ctx.modules as Record<string, unknown>, moduleContext: ctx });
    ctx.worker.on('users.export.requested', (e) => svc.buildExport(e.payload.exportId));
    ctx.worker.on('users.account.deleted', (e) => svc.forget(e.payload.userId));
    // Expired export files go within the hour, also for people who never come back to the page.
    setInterval(() => void svc.sweepExpired().catch((e: unknown) => ctx.log.warn({ err: e }, 'export expiry sweep failed')), 3600_000).unref();
    return svc;
  },
  routes: (app, svc, ctx) => privacyRoutes(app, svc, ctx.core.tenants),
  // The notifications hub is a core service, not a module with a manifest: its part of the export comes in here.
  personalData: { export: async (ctx, userId, trx) => ({ name: 'notifications', data: await ctx.module.core.notifications.personalData(userId, trx), files: [] }) },
});
