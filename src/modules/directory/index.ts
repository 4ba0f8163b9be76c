/**
 * The directory: the city's actors and how they work together — organisations and the NGO register,
 * claims of open actions, groups with meetings and minutes, events with iCalendar feeds, and the resource
 * map. Other modules use it only through `DirectoryService`; it reads the strategy only through
 * `StrategyService` and publishes its open datasets through `OpendataService`.
 */
import { defineModule } from '../module.js';
import { directoryPersonalData } from './directory.personal-data.repository.js';
import { DirectoryService } from './directory.service.js';
import { organisationPolicy } from './organisations/organisations.policy.js';
import { directoryDatasets } from './directory.datasets.js';
import { organisationsRoutes } from './organisations/organisations.routes.js';
import { groupsRoutes } from './groups/groups.routes.js';
import { meetingsRoutes } from './meetings/meetings.routes.js';
import { eventsRoutes } from './events/events.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { placesRoutes } from './places/places.routes.js';
import { seedPlaces } from './places/places.seed.js';
import { seedGroups } from './groups/groups.seed.js';
import './directory.tables.js';
import './directory.events.js';
import { directoryFollowables, registerDirectoryNotices } from './directory.notices.js';

export { DirectoryService } from './directory.service.js';

declare module '../module.js' {
  interface ModuleServices {
    directory: DirectoryService;
  }
}

export const directoryModule = defineModule({
  name: 'directory',
  abilities: { decideClaims: organisationPolicy.decideClaims },
  create(ctx) {
    const svc = new DirectoryService(ctx);
    ctx.metrics.register({
      name: 'directory.actors_engaged',
      unit: 'organisations',
      description: 'Organisations whose proposal to take on an open action or project was accepted in the period',
      compute: (tenantId, p) => svc.organisations.engagedActors(tenantId, p.from, p.to),
    });
    ctx.worker.on('users.account.deleted', async (e) => {
      await svc.anonymiseUser(e.payload.userId);
    });
    registerDirectoryNotices(ctx.core.notifications, svc, ctx.core.tenants);
    return svc;
  },
  datasets: (svc) => directoryDatasets(svc),
  async routes(app, svc, ctx) {
    await organisationsRoutes(app, svc.organisations, svc.claims);
    await groupsRoutes(app, svc.groups);
    await meetingsRoutes(app, svc.meetings, svc.meetingDocuments, ctx.publicUrl);
    await eventsRoutes(app, svc.events, svc.calendar, ctx.publicUrl);
    await calendarRoutes(app, svc.calendar);
    await placesRoutes(app, svc.places);
  },
  overview: (svc, tenant) => svc.calendar.overview(tenant),
  personalData: { export: (ctx, userId, trx) => directoryPersonalData(trx, userId, ctx.module.storage) },
  followables: (svc) => directoryFollowables(svc),
  demo: [
    {
      name: "Timișoara's PartnerTeaM action groups and SmarTM, Baia Mare's UIM SSC-BM (no members invented)",
      async run(ctx, svc) {
        for (const slug of ['timisoara', 'baia-mare']) {
          const tenant = await ctx.built.services.tenants.bySlug(slug);
          const n = await seedGroups(tenant, svc.groups, ctx.built.modules.strategy);
          ctx.log(`    ${slug}: ${n ? `${n} groups created` : 'groups already there'}`);
        }
      },
    },
    {
      name: "Timișoara's real places for the resource map, from OpenStreetMap (../shared/data/geo/poi; nothing invented for Baia Mare)",
      async run(ctx, svc) {
        const r = await seedPlaces(await ctx.built.services.tenants.bySlug('timisoara'), svc.places);
        ctx.log(r ? `    timisoara: ${r.imported} places loaded, ${r.updated} refreshed, ${r.skipped} outside the city left out` : '    ../shared/data/geo/poi not found; no places loaded');
      },
    },
  ],
});
