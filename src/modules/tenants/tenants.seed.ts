/**
 * The two real tenants. Centres are the historic city centres; boundaries are simplified outlines of the
 * administrative territory (UAT), good enough to draw on a map and to tell "inside the city" from "far
 * outside" — not survey-grade. Coordinates are [longitude, latitude] as GeoJSON requires.
 */
import type { TenantsService } from './tenants.service.js';

export const TENANT_SEEDS = [
  {
    slug: 'timisoara',
    name: { ro: 'Timișoara', en: 'Timișoara', hu: 'Temesvár' },
    default_locale: 'ro' as const,
    locales: ['ro', 'en', 'hu'],
    time_zone: 'Europe/Bucharest',
    centre_lat: 45.7537,
    centre_lon: 21.2257,
    default_zoom: 12,
    boundary: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [21.1235, 45.7655], [21.1372, 45.7931], [21.1690, 45.8140], [21.2050, 45.8205], [21.2436, 45.8150],
          [21.2830, 45.8005], [21.3170, 45.7800], [21.3290, 45.7560], [21.3185, 45.7260], [21.2900, 45.7040],
          [21.2510, 45.6925], [21.2090, 45.6905], [21.1700, 45.7010], [21.1400, 45.7220], [21.1235, 45.7655],
        ],
      ],
    },
  },
  {
    slug: 'baia-mare',
    name: { ro: 'Baia Mare', en: 'Baia Mare', hu: 'Nagybánya' },
    default_locale: 'ro' as const,
    locales: ['ro', 'en', 'hu'],
    time_zone: 'Europe/Bucharest',
    centre_lat: 47.6573,
    centre_lon: 23.5681,
    default_zoom: 12,
    boundary: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [23.4560, 47.6420], [23.4700, 47.6800], [23.5100, 47.7120], [23.5600, 47.7300], [23.6150, 47.7250],
          [23.6650, 47.7050], [23.6950, 47.6750], [23.6900, 47.6400], [23.6550, 47.6150], [23.6000, 47.6020],
          [23.5400, 47.6000], [23.4900, 47.6120], [23.4560, 47.6420],
        ],
      ],
    },
  },
];

export async function seedTenants(tenants: TenantsService): Promise<void> {
  for (const t of TENANT_SEEDS) await tenants.upsert(t);
}
