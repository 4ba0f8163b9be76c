/**
 * Open data: a DCAT-AP catalogue filled from the platform (each module's datasets, generated from its data
 * on request) and from files staff upload; a CKAN Action API subset for data.gov.ro; map layers over OGC
 * API – Features for QGIS and GDAL; the metric opendata.datasets_published for the "+20 open datasets" KPI.
 */
import type { Multiloc } from '../../core/i18n.js';
import { defineModule } from '../module.js';
import { registerPlatformDatasets } from './opendata.datasets.js';
import { opendataPolicy } from './opendata.policy.js';
import { ckanRoutes } from './ckan/ckan.routes.js';
import { dcatPublisherRoutes, dcatRoutes } from './dcat/dcat.routes.js';
import { ogcCollectionsRoutes, ogcServiceRoutes } from './ogc/ogc.routes.js';
import { OpendataRepository } from './opendata.repository.js';
import { datasetsRoutes } from './catalogue/catalogue.routes.js';
import { uploadsRoutes } from './uploads/uploads.routes.js';
import { OpendataService } from './opendata.service.js';

export { OpendataService } from './opendata.service.js';
export type { PlatformDatasetDef, DistributionDef, FeatureCollectionDef, GeoFeature } from './opendata.registry.js';
export { geoJsonFile, hasRows, latestOf, tableFiles, type RowsOf } from './opendata.declare.js';

declare module '../module.js' {
  interface ModuleServices {
    opendata: OpendataService;
  }
}

export const opendataModule = defineModule({
  name: 'opendata',
  abilities: { publish: opendataPolicy.publish },
  create(ctx) {
    const service = new OpendataService({ repo: new OpendataRepository(ctx.db), storage: ctx.storage, dataDir: ctx.config.dataDir, tenantName: (t) => (t.name as Multiloc).ro, members: (area) => ctx.core.tenants.members(area) });
    registerPlatformDatasets(service, ctx);
    ctx.metrics.register({
      name: 'opendata.datasets_published',
      unit: 'datasets',
      description: 'Open datasets published in the catalogue by the end of the period (platform datasets with data and published uploads)',
      compute: async (tenantId, period) => service.publishedCount(await ctx.core.tenants.byId(tenantId), period.to),
    });
    return service;
  },
  async routes(app, service, ctx) {
    const machine = { service, publicUrl: ctx.publicUrl };
    await datasetsRoutes(app, service);
    await uploadsRoutes(app, service);
    await dcatRoutes(app, machine);
    await dcatPublisherRoutes(app, machine);
    await ckanRoutes(app, { ...machine, tenants: ctx.core.tenants });
    await ogcServiceRoutes(app, machine);
    await ogcCollectionsRoutes(app, machine);
  },
  console: (service, tenant) => service.consoleCounters(tenant),
  overview: (service, tenant) => service.overview(tenant),
});
