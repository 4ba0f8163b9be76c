/**
 * The resource map: staff add places or import them (GeoJSON/CSV with OSM tags; all rows or none), anyone
 * signed in suggests one (pending until staff publish it), and each kind is a map layer, an OGC API – Features
 * collection and an open dataset.
 */
import type { Actor } from '../../../core/actor.js';
import { forbidden, notFound, validationFailed } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { GeoJsonPolygon } from '../../../core/geo.js';
import { checkPoint, maybeUserId, record, type DirectoryDeps } from '../directory.common.js';
import { readImport } from './places.import.js';
import { detailsFromTags } from './places.osm.js';
import { placePolicy as can } from './places.policy.js';
import { type PlaceRow, PlacesRepository } from './places.repository.js';
import type { PlaceCreateInput } from './places.schemas.js';

export type PlacesDeps = DirectoryDeps<'notifications' | 'organisations'>;

export class PlacesService {
  readonly repo: PlacesRepository;
  constructor(private readonly deps: PlacesDeps) {
    this.repo = new PlacesRepository(deps.db);
  }

  list(actor: Actor, tenant: TenantRow, f: { kind?: string | undefined; status?: string | undefined }) {
    const status = f.status ?? 'published';
    if (status !== 'published' && !can.seePending(actor, tenant.id)) throw forbidden('Only the city staff see suggestions waiting for moderation.');
    return this.repo.list(tenant.id, { kinds: f.kind?.split(','), status });
  }

  async get(actor: Actor, tenant: TenantRow, id: number): Promise<PlaceRow> {
    const p = await this.repo.byId(tenant.id, id);
    if (!p || (p.status !== 'published' && !can.seePending(actor, tenant.id) && p.suggested_by !== maybeUserId(actor))) throw notFound('place');
    return p;
  }

  /** Staff publish at once; anyone else signed in makes a suggestion for staff to moderate. */
  async add(actor: Actor, tenant: TenantRow, input: PlaceCreateInput): Promise<PlaceRow> {
    const staff = can.publishDirectly(actor, tenant.id);
    if (!staff && !can.suggest(actor)) throw forbidden();
    if (input.kind === 'funding_programme') {
      if (input.lat !== undefined || input.lon !== undefined) throw validationFailed([{ field: 'lat', message: 'A funding programme is a list entry, not a place.' }]);
    } else {
      if (input.lat === undefined || input.lon === undefined) throw validationFailed([{ field: input.lat === undefined ? 'lat' : 'lon', message: 'A place needs its map point.', code: 'required' }]);
      checkPoint(tenant, input.lat, input.lon);
    }
    if (input.organisationId && !(await this.deps.organisations.repo.byId(tenant.id, input.organisationId))) throw validationFailed([{ field: 'organisationId', message: 'No such organisation.' }]);
    return this.deps.db.transaction().execute(async (trx) => {
      const p = await this.repo.insert(trx, {
        tenant_id: tenant.id,
        kind: input.kind,
        name: input.name,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        tags: JSON.stringify({}),
        details: JSON.stringify(input.details),
        organisation_id: input.organisationId ?? null,
        osm_id: null,
        source: staff ? 'staff' : 'suggestion',
        status: staff ? 'published' : 'pending',
        suggested_by: staff ? null : (maybeUserId(actor) ?? null),
      });
      if (staff) await record(trx, actor, tenant, 'directory.place.added', { type: 'directory_place', id: p.id, after: input }, { placeId: p.id, kind: p.kind, name: p.name, source: 'staff' });
      else await record(trx, actor, tenant, 'directory.place.suggested', { type: 'directory_place', id: p.id, after: input }, { placeId: p.id, kind: p.kind, name: p.name });
      return p;
    });
  }

  async moderate(actor: Actor, tenant: TenantRow, id: number, status: 'published' | 'rejected'): Promise<PlaceRow> {
    if (!can.moderate(actor, tenant.id)) throw forbidden('Only the city staff moderate suggestions.');
    const before = await this.repo.byId(tenant.id, id);
    if (!before) throw notFound('place');
    return this.deps.db.transaction().execute(async (trx) => {
      const p = await this.repo.setStatus(trx, id, status);
      await record(trx, actor, tenant, 'directory.place.moderated', { type: 'directory_place', id, before: { status: before.status }, after: { status } }, { placeId: id, status, suggestedBy: before.suggested_by });
      if (before.suggested_by && before.status === 'pending') {
        await this.deps.notifications.notifyUsers(trx, [before.suggested_by], tenant.id, (l) => ({
          kind: 'directory.place.moderated',
          subject: { ro: `Propunerea „${p.name}”: ${status === 'published' ? 'publicată' : 'respinsă'}`, en: `Your suggestion "${p.name}" was ${status === 'published' ? 'published' : 'declined'}`, hu: `„${p.name}” javaslat: ${status === 'published' ? 'közzétéve' : 'elutasítva'}` }[l],
          body: p.name,
          link: `/${tenant.slug}/map`,
        }));
      }
      return p;
    });
  }

  /** Staff import: every row checked first; one bad row refuses the file (400 listing each line); otherwise all in one transaction. */
  async import(actor: Actor, tenant: TenantRow, text: string, format: 'geojson' | 'csv'): Promise<{ imported: number; updated: number; kinds: Record<string, number> }> {
    if (!can.import(actor, tenant.id)) throw forbidden('Only the city staff import places.');
    const { rows, errors } = readImport(text, format, tenant.boundary as GeoJsonPolygon | null);
    if (errors.length) throw validationFailed(errors, `The file has ${errors.length}${errors.length === 50 ? '+' : ''} bad row(s); nothing was imported.`);
    const kinds: Record<string, number> = {};
    let imported = 0;
    let updated = 0;
    await this.deps.db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const values = { tenant_id: tenant.id, kind: r.kind, name: r.name, lat: r.lat, lon: r.lon, tags: JSON.stringify(r.tags), details: JSON.stringify(detailsFromTags(r.kind, r.tags)), organisation_id: null, osm_id: r.osmId, source: 'osm' as const, status: 'published' as const, suggested_by: null };
        const res = r.osmId ? await this.repo.upsertOsm(trx, values) : { inserted: !!(await this.repo.insert(trx, values)) };
        if (res.inserted) imported++;
        else updated++;
        kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      }
      await record(trx, actor, tenant, 'directory.place.imported', { type: 'directory_place_import', id: format, after: { imported, updated, kinds } }, { count: rows.length, kinds });
    });
    return { imported, updated, kinds };
  }
}
