import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

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
    };
  }
}

export interface GeoJsonPolygon {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}
