/** The resource map: places by kind, suggestions, moderation and imports. Thin: schema → service → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF } from '../directory.common.js';
import { OSM_ATTRIBUTION, presentPlace } from './places.presenter.js';
import * as S from './places.schemas.js';
import type { PlacesService } from './places.service.js';

const tags = ['directory'];
const IMPORT_BYTES = 5 * 1024 * 1024;

export async function placesRoutes(app: AppInstance, svc: PlacesService) {
  app.get(`${BASE}/places`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Places of the resource map (filter by kinds; staff: `status=pending` for suggestions)', params: TenantParams, querystring: S.PlaceListQuery, response: { 200: S.PlaceListResponse } },
    handler: async (req, reply) => {
      if (req.query.status) reply.header('cache-control', 'no-store');
      return { items: (await svc.list(req.actor, requireTenant(req), req.query)).map(presentPlace), attribution: OSM_ATTRIBUTION };
    },
  });
  app.get(`${BASE}/places/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A place', params: S.PlaceParams, response: { 200: S.PlaceOut } },
    handler: async (req) => presentPlace(await svc.get(req.actor, requireTenant(req), req.params.id)),
  });
  app.post(`${BASE}/places`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Add a place (staff: published; anyone else signed in: a suggestion staff moderate). Funding programmes have no point.', params: TenantParams, body: S.PlaceCreateBody, response: { 201: S.PlaceOut } },
    handler: async (req, reply) => reply.code(201).send(presentPlace(await svc.add(req.actor, requireTenant(req), req.body))),
  });
  app.put(`${BASE}/places/:id/moderation`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Publish or decline a suggestion (staff; audited; the suggester is notified)', params: S.PlaceParams, body: S.ModerationBody, response: { 200: S.PlaceOut } },
    handler: async (req) => presentPlace(await svc.moderate(req.actor, requireTenant(req), req.params.id, req.body.status)),
  });
  app.register(async (scope) => {
    const s = scope as AppInstance;
    if (!s.hasContentTypeParser('text/csv')) s.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: IMPORT_BYTES }, (_req, body, done) => done(null, body));
    s.addContentTypeParser('application/geo+json', { parseAs: 'string', bodyLimit: IMPORT_BYTES }, (_req, body, done) => done(null, body));
    s.post(`${BASE}/places/import`, {
      config: { access: STAFF },
      bodyLimit: IMPORT_BYTES,
      schema: {
        tags,
        summary: 'Import places (staff; audited): GeoJSON (application/geo+json or application/json; an Overpass/osmtogeojson export as is) or CSV (text/csv) with OSM tags. All rows or none: 400 lists each bad line.',
        params: TenantParams,
        body: z.union([z.string().max(IMPORT_BYTES), z.looseObject({ type: z.string() })]),
        response: { 200: S.ImportResponse },
      },
      handler: async (req) => {
        const ct = req.headers['content-type'] ?? '';
        const csv = /text\/csv|application\/csv/.test(ct);
        const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
        return svc.import(req.actor, requireTenant(req), text, csv ? 'csv' : 'geojson');
      },
    });
  });
}
