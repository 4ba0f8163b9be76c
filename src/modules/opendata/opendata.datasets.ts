/**
 * The platform datasets: the city's boundary (core tenants data, always there) and what each module declares
 * in its manifest (`datasets`), in the registry's order. Each module's generators read only its own service.
 */
import { toCsv } from '../../core/csv.js';
import type { Multiloc } from '../../core/i18n.js';
import type { ModuleContext } from '../module.js';
import type { OpendataService } from './opendata.service.js';

/**
 * Registers the boundary, then (at the catalogue's first use, when every module has its service) the datasets of
 * every module in this installation that declares some, in the registry's order.
 */
export function registerPlatformDatasets(service: OpendataService, ctx: ModuleContext): void {
  const add = (def: Parameters<OpendataService['registerPlatformDataset']>[0]) => service.registerPlatformDataset(def);

  // The city's administrative boundary (core tenants data): always there, and a map layer of its own.
  add({
    id: 'city-boundary',
    module: 'tenants',
    title: { ro: 'Limita administrativă a orașului', en: 'City administrative boundary', hu: 'A város közigazgatási határa' },
    description: {
      ro: 'Conturul unității administrativ-teritoriale folosit de platformă pentru hărți, ca GeoJSON (WGS84).',
      en: 'The outline of the administrative unit the platform uses for its maps, as GeoJSON (WGS84).',
      hu: 'A közigazgatási egység körvonala, amelyet a platform a térképeihez használ, GeoJSON formátumban (WGS84).',
    },
    themes: ['REGI', 'GOVE'],
    keywords: { ro: ['limită administrativă', 'hartă'], en: ['administrative boundary', 'map'] },
    frequency: 'IRREG',
    available: async (tenant) => tenant.boundary !== null,
    distributions: [
      {
        id: 'boundary',
        format: 'GEOJSON',
        generate: async (tenant) =>
          JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: tenant.slug, geometry: tenant.boundary, properties: { name: (tenant.name as Multiloc).ro, slug: tenant.slug } }] }),
      },
      {
        id: 'boundary',
        format: 'CSV',
        generate: async (tenant) => toCsv([tenant], [
          { header: 'slug', value: (t) => t.slug },
          { header: 'name', value: (t) => (t.name as Multiloc).ro },
          { header: 'centre_lat', value: (t) => t.centre_lat },
          { header: 'centre_lon', value: (t) => t.centre_lon },
        ]),
      },
    ],
    collection: {
      id: 'boundary',
      title: { ro: 'Limita administrativă', en: 'Administrative boundary' },
      description: { ro: 'Conturul orașului.', en: 'The city outline.' },
      features: async (tenant) => (tenant.boundary ? [{ id: tenant.slug, geometry: tenant.boundary as { type: string; coordinates: unknown }, properties: { name: (tenant.name as Multiloc).ro } }] : []),
    },
  });

  service.declareLater(() => ctx.manifests.flatMap((m) => (m.datasets ? m.datasets((ctx.modules as Record<string, unknown>)[m.name] as never) : [])));
}
