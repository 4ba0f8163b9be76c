/**
 * NGSI-LD use-cases (ETSI GS CIM 009): create, retrieve, query, attribute update/append, delete and the
 * batch operations, for the environment types we map onto our sensors. Readings go through the sensors'
 * one write path (roll-ups, alerts); everything else an entity carries is kept on the sensor as given.
 *
 * Data integrity: an entity we have not seen becomes a **pending** sensor — stored, shown nowhere public and
 * counted in no figure until staff approve it (as Sensor.Community nodes) — and its neighbourhood is never
 * taken from the payload (`areaServed`, `address`): staff set it when approving. A location update that
 * moves an approved sensor outside the city's boundary puts it back to pending.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { emit } from '../../../core/events.js';
import { pointInBoundary } from '../../../core/geo.js';
import type { TenantRow } from '../../tenants/index.js';
import { PROPERTIES } from '../sensors.properties.js';
import type { ObservationRow } from '../ingest/ingest.repository.js';
import type { SensorsRepository, Tx } from '../sensors.repository.js';
import { EARLIEST, FUTURE_MS } from '../ingest/ingest.service.js';
import { MAX_PENDING } from '../registry/registry.service.js';
import type { SensorsService } from '../sensors.service.js';
import { alreadyExists, badData, NgsiError, type NgsiProblem, notFound, notSupported } from './ngsi-ld.errors.js';
import { entityType, isUri, type ParsedAttributes, type ParsedEntity, parseAttributes, parseEntity, shortName } from './ngsi-ld.parse.js';
import type { NgsiMeta, presentEntity, project } from './ngsi-ld.presenter.js';
import { geoBox, type GeoQuery, matchesGeo, matchesQ, type QueryExpr } from './ngsi-ld.query.js';
import { requireWriter, seesPending } from './ngsi-ld.policy.js';
import type { NgsiLdRepository, NgsiThing, ThingFilter } from './ngsi-ld.repository.js';

export const MAX_ENTITIES = 1000;

export interface EntityError {
  entityId: string;
  error: NgsiProblem;
}
export interface BatchResult {
  success: string[];
  /** ids of the entities this call created (upsert answers 201 with them) */
  created: string[];
  errors: EntityError[];
}

/** Which entities: ids, an id pattern and types together (AND); several selectors are alternatives (OR). */
export interface EntitySelector {
  ids?: string[] | undefined;
  idPattern?: string | undefined;
  types?: string[] | undefined;
}

export interface EntityQuery {
  selectors: EntitySelector[];
  attrs?: string[] | undefined;
  q?: QueryExpr | undefined;
  geo?: GeoQuery | null | undefined;
  sysAttrs?: boolean;
  limit: number;
  offset: number;
}

/** How an existing sensor's kept attributes change: replaced (upsert), merged (update, append), or only added. */
type Mode = 'replace' | 'merge' | 'noOverwrite';

/**
 * How a sensor looks as an NGSI-LD entity (ngsi-ld.presenter.ts, given by the routes). Queries (`q`, `attrs`,
 * geo-queries) and merges are defined on the entity's attributes, so the service works on that shape.
 */
export interface NgsiPresenters {
  entity: typeof presentEntity;
  project: typeof project;
}

interface Deps {
  sensors: SensorsService;
  sensorsRepo: SensorsRepository;
  repo: NgsiLdRepository;
  present: NgsiPresenters;
}

export class NgsiLdService {
  constructor(private readonly d: Deps) {}

  // ---------------------------------------------------------------- reads

  /** One entity by id; pending sensors only for those who may write for the city. */
  async retrieve(actor: Actor, tenant: TenantRow, id: string, types?: string[], sysAttrs = false): Promise<Record<string, unknown>> {
    if (!isUri(id)) throw badData(`The entity id "${id.slice(0, 80)}" is not a URI.`);
    const [t] = await this.d.repo.things(tenant.id, tenant.slug, { statuses: seesPending(actor, tenant) ? ['active', 'pending'] : ['active'], ids: [id] });
    const e = t ? this.d.present.entity(t, tenant.slug, sysAttrs) : null;
    if (!e || (types && !types.map(shortName).includes(e.type as string))) throw notFound(`No entity ${id}.`);
    return e;
  }

  /**
   * Entities matching a query, and how many match in all (for NGSILD-Results-Count and the page links). Ids,
   * id patterns and types are matched in SQL; with nothing else asked, the page and the count too. `q`,
   * `attrs` and geo-queries are evaluated on the assembled entities (a geo-query's box prefilters in SQL).
   */
  async query(actor: Actor, tenant: TenantRow, q: EntityQuery): Promise<{ entities: Record<string, unknown>[]; count: number }> {
    const selectors = q.selectors.filter((x) => x.ids || x.idPattern !== undefined || x.types);
    if (selectors.length === 0 && !q.attrs && !q.q && !q.geo)
      throw badData('A query needs at least one of id, idPattern, type, attrs, q or a geo-query (georel, geometry, coordinates).');
    const statuses: ('active' | 'pending')[] = seesPending(actor, tenant) ? ['active', 'pending'] : ['active'];
    const filterOf = (sel: EntitySelector): ThingFilter => ({ statuses, ids: sel.ids, idPattern: sel.idPattern, types: sel.types?.map(shortName), bbox: q.geo ? geoBox(q.geo) : undefined });
    try {
      if (!q.q && !q.geo && !q.attrs && selectors.length <= 1) {
        const r = await this.d.repo.page(tenant.id, tenant.slug, filterOf(selectors[0] ?? {}), { limit: q.limit, offset: q.offset });
        return { entities: r.things.map((t) => this.d.present.entity(t, tenant.slug, q.sysAttrs)), count: r.total };
      }
      const found = new Map<number, Record<string, unknown>>();
      for (const sel of selectors.length ? selectors : [{}]) for (const t of await this.d.repo.things(tenant.id, tenant.slug, filterOf(sel))) found.set(t.id, this.d.present.entity(t, tenant.slug, q.sysAttrs));
      const attrs = q.attrs ? new Set(q.attrs.map(shortName)) : null;
      const matched = [...found.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, e]) => e)
        .filter((e) => (!attrs || [...attrs].some((a) => a in e)) && (!q.q || matchesQ(e, q.q)) && (!q.geo || matchesGeo(e, q.geo)));
      return { entities: matched.slice(q.offset, q.offset + q.limit).map((e) => this.d.present.project(e, attrs)), count: matched.length };
    } catch (e) {
      // PostgreSQL refusing the pattern (invalid_regular_expression)
      if ((e as { code?: string }).code === '2201B') throw badData('idPattern: not a valid regular expression.');
      throw e;
    }
  }

  /**
   * Discovery (clause 5.7.5–5.7.8): the entity types and attribute names present among the sensors the
   * caller may see, with the attribute names per type.
   */
  async discover(actor: Actor, tenant: TenantRow): Promise<Map<string, Map<string, Set<string>>>> {
    const things = await this.d.repo.things(tenant.id, tenant.slug, { statuses: seesPending(actor, tenant) ? ['active', 'pending'] : ['active'] });
    // type → attribute → its kinds (Property, GeoProperty, Relationship…)
    const types = new Map<string, Map<string, Set<string>>>();
    for (const t of things) {
      const e = this.d.present.entity(t, tenant.slug);
      const attrs = types.get(e.type as string) ?? new Map<string, Set<string>>();
      for (const [k, v] of Object.entries(e)) {
        if (k === 'id' || k === 'type') continue;
        const kinds = attrs.get(k) ?? new Set<string>();
        kinds.add(String((v as { type?: unknown }).type ?? 'Property'));
        attrs.set(k, kinds);
      }
      types.set(e.type as string, attrs);
    }
    return types;
  }

  // ---------------------------------------------------------------- writes

  /** POST /entities: one entity, created as a pending sensor. */
  async create(actor: Actor, tenant: TenantRow, body: unknown): Promise<string> {
    requireWriter(actor, tenant);
    const r = await this.batch(actor, tenant, 'create', [body]);
    const err = r.errors[0];
    if (err) throw new NgsiError(err.error.status, err.error.title as NgsiError['kind'], err.error.detail);
    return r.success[0]!;
  }

  /**
   * entityOperations/create|upsert|update: every entity checked on its own; the good ones written in one
   * transaction, the bad ones listed with their reason (the route answers 207 when there are any).
   */
  async batch(actor: Actor, tenant: TenantRow, op: 'create' | 'upsert' | 'update', list: unknown, opts: { replace?: boolean; noOverwrite?: boolean } = {}): Promise<BatchResult> {
    requireWriter(actor, tenant);
    if (!Array.isArray(list)) throw badData('The body must be a JSON array of entities.');
    if (list.length === 0) throw badData('The array of entities is empty.');
    if (list.length > MAX_ENTITIES) throw badData(`At most ${MAX_ENTITIES} entities per request.`);
    const now = new Date().toISOString();
    const errors: EntityError[] = [];
    const parsed: ParsedEntity[] = [];
    list.forEach((raw, i) => {
      const msgs: string[] = [];
      const p = parseEntity(raw, now, msgs);
      if (p) checkTimes(p, msgs);
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = p?.id ?? (typeof rawId === 'string' ? rawId : `[${i}]`);
      if (msgs.length || !p) errors.push({ entityId: id, error: badData(msgs.join('; ')).problem });
      else parsed.push(p);
    });
    const existing = await this.d.repo.byEntityIds(tenant.id, tenant.slug, [...new Set(parsed.map((p) => p.id))]);
    const items: { e: ParsedEntity; thing: NgsiThing | undefined; mode: Mode }[] = [];
    const seen = new Set<string>();
    for (const e of parsed) {
      const thing = existing.get(e.id);
      const again = seen.has(e.id);
      seen.add(e.id);
      if (op === 'create' && (thing || again)) errors.push({ entityId: e.id, error: alreadyExists(`Entity ${e.id} already exists.`).problem });
      else if (op === 'update' && !thing) errors.push({ entityId: e.id, error: notFound(`No entity ${e.id}.`).problem });
      else if (thing?.status === 'inactive') errors.push({ entityId: e.id, error: badData(`The sensor ${e.id} has been switched off by the city.`).problem });
      else items.push({ e, thing, mode: op === 'update' ? (opts.noOverwrite ? 'noOverwrite' : 'merge') : op === 'upsert' && opts.replace === false ? 'merge' : 'replace' });
    }
    const { created, written } = await this.apply(actor, tenant, items, errors);
    return { success: [...new Set(written)], created, errors };
  }

  /** entityOperations/delete and DELETE /entities/{id}: the sensor is switched off and forgets the id. */
  async delete(actor: Actor, tenant: TenantRow, ids: unknown): Promise<{ success: string[]; errors: EntityError[] }> {
    requireWriter(actor, tenant);
    if (!Array.isArray(ids) || ids.length === 0) throw badData('The body must be a non-empty JSON array of entity ids.');
    if (ids.length > MAX_ENTITIES) throw badData(`At most ${MAX_ENTITIES} entity ids per request.`);
    const errors: EntityError[] = [];
    const good = ids.filter((id, i): id is string => {
      if (typeof id === 'string' && isUri(id)) return true;
      errors.push({ entityId: typeof id === 'string' ? id : `[${i}]`, error: badData('Not a URI.').problem });
      return false;
    });
    const existing = await this.d.repo.byEntityIds(tenant.id, tenant.slug, good);
    const success: string[] = [];
    await this.d.sensorsRepo.transaction(async (trx) => {
      for (const id of new Set(good)) {
        const t = existing.get(id);
        if (!t || t.status === 'inactive') {
          errors.push({ entityId: id, error: notFound(`No entity ${id}.`).problem });
          continue;
        }
        await this.d.repo.retire(trx, tenant.id, t.id, id);
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.updated', entityType: 'sensor', entityId: String(t.id), before: { status: t.status, ngsiId: id }, after: { status: 'inactive', ngsiId: null } });
        await emit(trx, 'sensors.sensor.updated', { sensorId: t.id, status: 'inactive' }, tenant.id);
        success.push(id);
      }
    });
    return { success, errors };
  }

  /**
   * PATCH /entities/{id}/attrs (update: only attributes the entity has) and POST /entities/{id}/attrs
   * (append: adds, and overwrites unless noOverwrite). Readings are new observations (at their observedAt,
   * the fragment's dateObserved, or now).
   */
  async updateAttrs(actor: Actor, tenant: TenantRow, id: string, fragment: unknown, how: 'update' | 'append', noOverwrite = false): Promise<{ updated: string[]; notUpdated: { attributeName: string; reason: string }[] }> {
    requireWriter(actor, tenant);
    if (!isUri(id)) throw badData(`The entity id "${id.slice(0, 80)}" is not a URI.`);
    if (fragment === null || typeof fragment !== 'object' || Array.isArray(fragment)) throw badData('The body must be a JSON object of attributes.');
    const frag = fragment as Record<string, unknown>;
    if (frag.id !== undefined && frag.id !== id) throw badData('The fragment\'s id is not the entity\'s.');
    const thing = (await this.d.repo.byEntityIds(tenant.id, tenant.slug, [id])).get(id);
    if (!thing || thing.status === 'inactive') throw notFound(`No entity ${id}.`);
    const current = this.d.present.entity(thing, tenant.slug);
    if (frag.type !== undefined && entityType(frag.type) !== current.type) throw badData(`The fragment's type is not the entity's (${String(current.type)}).`);
    const msgs: string[] = [];
    const attrs = parseAttributes(frag, new Date().toISOString(), msgs);
    if (msgs.length) throw badData(msgs.join('; '));
    const given = [...attrs.readings.map((r) => r.attr), ...Object.keys(attrs.extra), ...(attrs.located ? ['location'] : [])];
    if (given.length === 0) throw badData('The fragment has no attributes.');
    const notUpdated: { attributeName: string; reason: string }[] = [];
    const skip = new Set<string>();
    for (const name of given) {
      const has = name in current;
      if (how === 'update' && !has) notUpdated.push({ attributeName: name, reason: 'The entity has no such attribute (append it with POST …/attrs).' });
      else if (how === 'append' && noOverwrite && has) notUpdated.push({ attributeName: name, reason: 'The attribute exists and noOverwrite was asked.' });
      else continue;
      skip.add(name);
    }
    const kept: ParsedAttributes = {
      ...attrs,
      readings: attrs.readings.filter((r) => !skip.has(r.attr)),
      extra: Object.fromEntries(Object.entries(attrs.extra).filter(([k]) => !skip.has(k))),
      located: attrs.located && !skip.has('location'),
    };
    const e: ParsedEntity = { ...kept, id, type: current.type as ParsedEntity['type'] };
    const err: string[] = [];
    checkTimes(e, err);
    if (err.length) throw badData(err.join('; '));
    const errors: EntityError[] = [];
    await this.apply(actor, tenant, [{ e, thing, mode: 'merge' }], errors);
    if (errors[0]) throw new NgsiError(errors[0].error.status, 'BadRequestData', errors[0].error.detail);
    return { updated: given.filter((g) => !skip.has(g)), notUpdated };
  }

  /**
   * DELETE /entities/{id}/attrs/{attr}: an attribute kept as given is removed. Readings and the location are
   * the sensor's history and position, not removable attributes: 422 OperationNotSupported.
   */
  async deleteAttr(actor: Actor, tenant: TenantRow, id: string, attr: string): Promise<void> {
    requireWriter(actor, tenant);
    if (!isUri(id)) throw badData(`The entity id "${id.slice(0, 80)}" is not a URI.`);
    const thing = (await this.d.repo.byEntityIds(tenant.id, tenant.slug, [id])).get(id);
    if (!thing || thing.status === 'inactive') throw notFound(`No entity ${id}.`);
    const name = shortName(attr);
    const meta = thing.metadata as NgsiMeta;
    if (!meta.ngsiAttrs || !(name in meta.ngsiAttrs)) {
      if (name in this.d.present.entity(thing, tenant.slug)) throw notSupported(`${name} is a reading or the sensor's position: it cannot be deleted (readings are the sensor's history).`);
      throw notFound(`The entity has no attribute ${name}.`);
    }
    const { [name]: _gone, ...rest } = meta.ngsiAttrs;
    await this.d.sensorsRepo.transaction((trx) => this.d.repo.update(trx, tenant.id, thing.id, { metadata: { ...thing.metadata, ngsiAttrs: rest, ngsiModifiedAt: new Date().toISOString() } }));
  }

  /**
   * Writes entities in one transaction: new ones as pending sensors (created event and audit row with them),
   * existing ones' kept attributes and location, and every reading through the sensors' write path.
   */
  private async apply(actor: Actor, tenant: TenantRow, items: { e: ParsedEntity; thing: NgsiThing | undefined; mode: Mode }[], errors: EntityError[]): Promise<{ created: string[]; written: string[] }> {
    if (items.length === 0) return { created: [], written: [] };
    const created: string[] = [];
    const newOnes = new Set(items.filter((x) => !x.thing).map((x) => x.e.id)).size;
    if (newOnes > 0 && (await this.d.sensorsRepo.countPending(tenant.id)) + newOnes > MAX_PENDING) {
      for (const x of items.filter((y) => !y.thing)) errors.push({ entityId: x.e.id, error: new NgsiError(422, 'OperationNotSupported', `Too many sensors are waiting for approval in this city (at most ${MAX_PENDING}); staff must approve or switch some off first.`).problem });
      items = items.filter((x) => x.thing);
      if (items.length === 0) return { created: [], written: [] };
    }
    await this.d.sensors.writeWith(tenant.id, async (trx) => {
      const ids = new Map<string, number>();
      for (const { e, thing, mode } of items) {
        const known = thing ?? (ids.has(e.id) ? undefined : null);
        if (known === null) {
          const meta: NgsiMeta & Record<string, unknown> = { source: 'ngsi-ld', ngsiType: e.type, ngsiAttrs: e.extra, ngsiNames: namesOf(e) };
          const t = await this.d.sensorsRepo.insertThing(trx, { tenant_id: tenant.id, name: e.name ?? e.id.slice(0, 200), owner: 'NGSI-LD', area: null, lat: e.lat, lon: e.lon, status: 'pending', ngsi_id: e.id, metadata: meta });
          ids.set(e.id, Number(t.id));
          created.push(e.id);
          await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.created', entityType: 'sensor', entityId: String(t.id), after: { ngsiId: e.id, type: e.type, status: 'pending', lat: e.lat, lon: e.lon } });
          await emit(trx, 'sensors.sensor.created', { sensorId: Number(t.id), status: 'pending' }, tenant.id);
        } else {
          const id = thing ? thing.id : ids.get(e.id)!;
          ids.set(e.id, id);
          await this.updateKnown(trx, actor, tenant, id, e, mode);
        }
      }
      const wanted = items.flatMap(({ e }) => e.readings.map((r) => ({ thingId: ids.get(e.id)!, property: r.property, unit: PROPERTIES[r.property].unit })));
      const map = await this.d.sensorsRepo.ensureDatastreams(trx, tenant.id, wanted);
      const rows: ObservationRow[] = [];
      for (const { e } of items) for (const r of e.readings) rows.push({ datastreamId: map.get(`${ids.get(e.id)}:${r.property}`)!, time: Date.parse(r.time), value: r.value, quality: 0 });
      return rows;
    });
    return { created, written: items.map((x) => x.e.id) };
  }

  /** An existing sensor: kept attributes per the mode, names, name and location (out of the city → pending again). */
  private async updateKnown(trx: Tx, actor: Actor, tenant: TenantRow, id: number, e: ParsedEntity, mode: Mode): Promise<void> {
    const row = await this.d.sensorsRepo.thingById(tenant.id, id, trx);
    if (!row) return;
    const meta = (row.metadata ?? {}) as NgsiMeta & Record<string, unknown>;
    const old = meta.ngsiAttrs ?? {};
    const attrs = mode === 'replace' ? e.extra : mode === 'merge' ? { ...old, ...e.extra } : { ...e.extra, ...old };
    const names = { ...(meta.ngsiNames ?? {}), ...namesOf(e) };
    const patch: { metadata: Record<string, unknown>; name?: string; lat?: number; lon?: number; status?: 'pending' } = { metadata: { ...meta, ngsiAttrs: attrs, ngsiNames: names, ngsiModifiedAt: new Date().toISOString() } };
    if (e.name && !(mode === 'noOverwrite' && old.name)) patch.name = e.name;
    if (e.located && e.lat !== null && e.lon !== null && (row.lat !== e.lat || row.lon !== e.lon) && !(mode === 'noOverwrite' && row.lat !== null)) {
      patch.lat = e.lat;
      patch.lon = e.lon;
      if (row.status === 'active' && !pointInBoundary(e.lon, e.lat, tenant.boundary)) patch.status = 'pending';
    }
    await this.d.repo.update(trx, tenant.id, id, patch);
    if (patch.lat !== undefined || patch.status) {
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.updated', entityType: 'sensor', entityId: String(id), before: { lat: row.lat, lon: row.lon, status: row.status }, after: { lat: patch.lat, lon: patch.lon, status: patch.status ?? row.status } });
      await emit(trx, 'sensors.sensor.updated', { sensorId: id, status: patch.status ?? row.status }, tenant.id);
    }
  }
}

function namesOf(e: ParsedEntity): NgsiMeta['ngsiNames'] {
  return Object.fromEntries(e.readings.map((r) => [r.property, r.attr]));
}

/** Observation times we refuse: more than 5 minutes ahead, or before 2000. */
function checkTimes(e: ParsedAttributes, msgs: string[]): void {
  const now = Date.now();
  for (const r of e.readings) {
    const t = Date.parse(r.time);
    if (t > now + FUTURE_MS) msgs.push(`${r.attr}: observed more than 5 minutes in the future`);
    else if (t < EARLIEST) msgs.push(`${r.attr}: observed before 2000`);
  }
}

