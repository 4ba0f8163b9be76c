import { type AppInstance, requireTenant } from '../../core/http.js';
import { consoleAbilities } from './console.policy.js';
import { presentBlock } from './console.presenter.js';
import { ConsoleParams, ConsoleResponse, HeadlinesResponse, OverviewResponse } from './console.schemas.js';
import type { ConsoleService } from './console.service.js';

const tags = ['console'];

export async function consoleRoutes(app: AppInstance, service: ConsoleService) {
  app.get('/api/v1/tenants/:tenant/console', {
    config: { access: { roles: ['staff', 'steering'] } },
    schema: { tags, summary: "The staff console's counters (reports to triage, consultations open, uploads in draft, …), gathered from every module in one call", params: ConsoleParams, response: { 200: ConsoleResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const { counters, unavailable } = await service.counters(req.actor, tenant);
      return { tenant: tenant.slug, counters, unavailable, abilities: consoleAbilities(req.actor, tenant.id) };
    },
  });

  app.get('/api/v1/tenants/:tenant/overview', {
    config: { access: 'public' },
    schema: { tags, summary: "The city page's headline numbers: strategy progress, air quality, open consultations and budgets, reports, datasets, upcoming events (kept a minute)", params: ConsoleParams, response: { 200: OverviewResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const { blocks, unavailable } = await service.overview(tenant);
      return { tenant: tenant.slug, blocks: blocks.map(presentBlock), unavailable };
    },
  });

  app.get('/api/v1/overview', {
    config: { access: 'public' },
    schema: { tags, summary: "The home page's line of headline numbers for each city", response: { 200: HeadlinesResponse } },
    handler: async () => ({ items: await service.headlines() }),
  });
}
