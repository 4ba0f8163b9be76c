/**
 * The staff console and the city overview: one call each, filled by what the other modules' manifests
 * contribute (`console` counters, `overview` blocks). Listed last in the registry so every module's service
 * exists when it is called; it names no other module.
 */
import { defineModule } from '../module.js';
import { consoleRoutes } from './console.routes.js';
import { ConsoleService } from './console.service.js';

export { ConsoleService } from './console.service.js';

declare module '../module.js' {
  interface ModuleServices {
    console: ConsoleService;
  }
}

export const consoleModule = defineModule({
  name: 'console',
  create: (ctx) => new ConsoleService({ manifests: ctx.manifests, modules: ctx.modules, tenants: ctx.core.tenants, log: ctx.log }),
  routes: (app, service) => consoleRoutes(app, service),
});
