import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';
import type { GeoJsonPolygon } from '../../core/geo.js';

declare module '../../core/db.js' {
  interface Database {
    tenants: {
      id: Generated<number>;
      slug: string;
      name: Json<Multiloc>;
      default_locale: 'ro' | 'en' | 'hu';
      locales: string[];
      time_zone: string;
      centre_lat: number;
      centre_lon: number;
      default_zoom: Generated<number>;
      boundary: Json<GeoJsonPolygon> | null;
      created_at: Generated<Date>;
      /** a city/commune, or a metropolitan area whose members point to it with parent_id */
      kind: Generated<'city' | 'area'>;
      parent_id: number | null;
      /** the national code of the administrative unit (SIRUTA in Romania) */
      siruta: string | null;
      /** municipiu, oraș, comună… as the source names it */
      uat_type: string | null;
      /** where the boundary comes from, credited on maps and in datasets */
      boundary_source: string | null;
      archived_at: Date | null;
    };
  }
}

export type { GeoJsonPolygon } from '../../core/geo.js';

declare module '../../core/events.js' {
  interface EventMap {
    'tenants.city.created': { tenantId: number; slug: string; kind: 'city' | 'area' };
    'tenants.city.updated': { tenantId: number; slug: string; kind: 'city' | 'area' };
    'tenants.city.archived': { tenantId: number; slug: string; kind: 'city' | 'area' };
    'tenants.city.restored': { tenantId: number; slug: string; kind: 'city' | 'area' };
  }
}
