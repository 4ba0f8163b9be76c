/** Address search while typing, and the staff's view and loading of the city's address gazetteer (CSV). */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { GAZETTEER_LIMITS } from './gazetteer.geocoder.js';
import { GazetteerCsvBody, GazetteerImportQuery, GazetteerImportResponse, GazetteerInfoResponse, GeocodeQuery, GeocodeResponse } from './gazetteer.schemas.js';
import type { GazetteerService } from './gazetteer.service.js';

const STAFF = { roles: ['staff'] } as const;
/** address suggestions are asked while typing (debounced): more than a write, still bounded per IP */
const GEOCODE_RATE = { max: 120, timeWindow: 60_000 } as const;
const base = '/api/v1/tenants/:tenant/reports';

export async function gazetteerRoutes(app: AppInstance, gazetteer: GazetteerService) {
  app.get('/api/v1/tenants/:tenant/geocode', {
    config: { access: 'public', rateLimit: GEOCODE_RATE },
    schema: {
      tags: ['reports'],
      summary: "Find a street, place or address in the city by name (diacritics optional, word beginnings are enough): the city's gazetteer, else the external geocoder if configured; only places inside the city",
      params: TenantParams,
      querystring: GeocodeQuery,
      response: { 200: GeocodeResponse },
    },
    handler: async (req) => ({ items: await gazetteer.geocode(requireTenant(req), req.query.q, req.query.limit) }),
  });

  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: GAZETTEER_LIMITS.csvBytes }, (_req, body, done) => done(null, body));

  app.get(`${base}/gazetteer`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: "How many entries the city's address gazetteer has, and whether an external geocoder is configured", params: TenantParams, response: { 200: GazetteerInfoResponse } },
    handler: async (req) => ({ rows: await gazetteer.size(requireTenant(req)), externalGeocoder: gazetteer.hasExternalGeocoder }),
  });

  app.post(`${base}/gazetteer`, {
    config: { access: STAFF },
    schema: {
      tags: ['reports'],
      summary: "Load the city's address gazetteer from CSV (label,lat,lon[,kind]): all rows or none, errors name the line and field; replaces the gazetteer unless mode=append (audited)",
      consumes: ['text/csv'],
      params: TenantParams,
      querystring: GazetteerImportQuery,
      body: GazetteerCsvBody,
      response: { 200: GazetteerImportResponse },
    },
    handler: async (req) => gazetteer.import(req.actor, requireTenant(req), req.body, { append: req.query.mode === 'append', source: req.query.source ?? 'upload' }),
  });
}
