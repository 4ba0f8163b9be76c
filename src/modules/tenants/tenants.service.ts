import { type Actor } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { TtlCache } from '../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../core/cachebus.js';
import { conflict, forbidden, notFound, unauthorized, validationFailed } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { parseBoundary } from '../../core/geo.js';
import type { Locale, Multiloc } from '../../core/i18n.js';
import type { Db } from '../../core/db.js';
import { type TenantRow, TenantsRepository, type TenantValues } from './tenants.repository.js';

export interface CityInput {
  slug: string;
  name: Multiloc;
  kind?: 'city' | 'area';
  /** slug of the metropolitan area the city belongs to */
  parent?: string | null;
  defaultLocale?: Locale;
  locales?: Locale[];
  timeZone?: string;
  /** GeoJSON geometry, Feature or one-feature FeatureCollection; checked by parseBoundary */
  boundary: unknown;
  boundarySource?: string | null;
  siruta?: string | null;
  uatType?: string | null;
  defaultZoom?: number;
}

export type CityPatch = Partial<Omit<CityInput, 'slug'>>;

/** which tenants a listing shows: those people can visit, or (platform admins) archived ones too or only */
export type TenantListing = 'active' | 'include' | 'only';

/**
 * Tenants are few and read on almost every request, so they are cached in memory after the first read, and
 * dropped when one changes: here at once, in the other app processes at that change's commit (core/cachebus.ts).
 */
export class TenantsService {
  /** every tenant (archived ones too), read once: the look-ups by slug and id below search it */
  private readonly all = new TtlCache<'all', TenantRow[]>(1, Infinity);
  /** the listing's JSON text per `TenantListing` (every city's boundary: about 50 KB for the demo) */
  private readonly listings = new TtlCache<TenantListing, string>(3, Infinity);
  constructor(private readonly repo: TenantsRepository) {
    invalidateOnEvents('tenants', ['tenants.city.created', 'tenants.city.updated', 'tenants.city.archived', 'tenants.city.restored']);
    onCacheChange('tenants', () => this.forget());
  }

  /** The cities and areas people can visit (archived ones are left out). */
  async list(): Promise<TenantRow[]> {
    return (await this.listAll()).filter((t) => !t.archived_at);
  }

  /**
   * A listing's JSON text, made by `present` from the tenants it shows (and every tenant, for their areas'
   * names) and kept until a tenant changes: a read sends no statement and serialises nothing.
   */
  listingJson(listing: TenantListing, present: (shown: TenantRow[], all: TenantRow[]) => string): Promise<string> {
    return this.listings.get(listing, async () => {
      const all = await this.listAll();
      const shown = listing === 'only' ? all.filter((t) => t.archived_at) : listing === 'include' ? all : all.filter((t) => !t.archived_at);
      return present(shown, all);
    });
  }

  /** Every tenant, archived ones included, for platform admins. */
  listAll(): Promise<TenantRow[]> {
    return this.all.get('all', () => this.repo.list());
  }

  async bySlug(slug: string): Promise<TenantRow> {
    return (await this.listAll()).find((t) => t.slug === slug) ?? this.created(await this.repo.bySlug(slug));
  }

  async byId(id: number): Promise<TenantRow> {
    return (await this.listAll()).find((t) => t.id === id) ?? this.created(await this.repo.byId(id));
  }

  /** A tenant not in the kept list was created since it was read (by a process whose news did not reach this one): read the list again. */
  private created(row: TenantRow | undefined): TenantRow {
    if (!row) throw notFound('city');
    this.forget();
    return row;
  }

  /** The members of a metropolitan area (cities and communes), in name order. */
  async members(area: TenantRow): Promise<TenantRow[]> {
    return (await this.list()).filter((t) => t.parent_id === area.id).sort((a, b) => (a.name.ro ?? '').localeCompare(b.name.ro ?? '', 'ro'));
  }

  async upsert(t: TenantValues): Promise<TenantRow> {
    const row = await this.repo.upsert(t);
    this.forget();
    return row;
  }

  /** Creates a city or a metropolitan area (platform admins only), audited, with a `tenants.city.created` event. */
  async create(actor: Actor, input: CityInput): Promise<TenantRow> {
    requirePlatformAdmin(actor);
    const values = await this.valuesOf(input, undefined);
    const row = await this.repo.transaction(async (trx) => {
      const created = await this.repo.insert(trx, values as TenantValues);
      if (!created) throw conflict(`A city with the address "${input.slug}" exists already.`, 'slug_taken');
      await writeAudit(trx, actor, { tenantId: created.id, action: 'tenants.city.created', entityType: 'tenant', entityId: created.slug, after: summary(created) });
      await emit(trx, 'tenants.city.created', { tenantId: created.id, slug: created.slug, kind: created.kind }, created.id);
      return created;
    });
    this.forget();
    return row;
  }

  /**
   * Changes a city. Its admins may change names, languages and the boundary; only a platform admin may
   * change what kind of tenant it is or the area it belongs to.
   */
  async update(actor: Actor, tenant: TenantRow, patch: CityPatch): Promise<TenantRow> {
    const isPlatform = actor.kind === 'system' || (actor.kind === 'user' && !!actor.user.platformAdmin);
    if ((patch.kind !== undefined || patch.parent !== undefined) && !isPlatform) throw forbidden('Only a platform admin may move a city into an area or change its kind.');
    if (!Object.values(patch).some((v) => v !== undefined)) throw validationFailed([{ field: 'body', message: 'names nothing to change' }]);
    const values = await this.valuesOf({ ...patch }, tenant);
    const row = await this.repo.transaction(async (trx) => {
      const after = await this.repo.update(trx, tenant.id, values);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'tenants.city.updated', entityType: 'tenant', entityId: tenant.slug, before: summary(tenant), after: summary(after) });
      await emit(trx, 'tenants.city.updated', { tenantId: tenant.id, slug: tenant.slug, kind: after.kind }, tenant.id);
      return after;
    });
    this.forget();
    return row;
  }

  /** Archives a city (hidden from lists, data kept) or brings it back. Platform admins only. */
  async setArchived(actor: Actor, tenant: TenantRow, archived: boolean): Promise<TenantRow> {
    requirePlatformAdmin(actor);
    const row = await this.repo.transaction(async (trx) => {
      const after = await this.repo.update(trx, tenant.id, { archived_at: archived ? new Date() : null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: archived ? 'tenants.city.archived' : 'tenants.city.restored', entityType: 'tenant', entityId: tenant.slug });
      await emit(trx, archived ? 'tenants.city.archived' : 'tenants.city.restored', { tenantId: tenant.id, slug: tenant.slug, kind: after.kind }, tenant.id);
      return after;
    });
    this.forget();
    return row;
  }

  private forget(): void {
    this.all.clear();
    this.listings.clear();
  }

  /** Checks an input against the rules a whole city must satisfy and turns it into column values. */
  private async valuesOf(input: CityPatch & { slug?: string }, existing: TenantRow | undefined): Promise<Partial<TenantValues>> {
    const out: Partial<TenantValues> = {};
    if (input.slug !== undefined) out.slug = input.slug;
    if (input.name !== undefined) out.name = input.name;
    if (input.kind !== undefined) out.kind = input.kind;
    if (input.timeZone !== undefined || !existing) out.time_zone = input.timeZone ?? 'Europe/Bucharest';
    if (input.siruta !== undefined) out.siruta = input.siruta;
    if (input.uatType !== undefined) out.uat_type = input.uatType;
    if (input.boundarySource !== undefined) out.boundary_source = input.boundarySource;
    if (input.defaultZoom !== undefined) out.default_zoom = input.defaultZoom;
    const defaultLocale = input.defaultLocale ?? existing?.default_locale ?? 'ro';
    const locales = input.locales ?? (existing?.locales as Locale[] | undefined) ?? [defaultLocale];
    if (!locales.includes(defaultLocale)) throw validationFailed([{ field: 'locales', message: `must include the default language "${defaultLocale}"` }]);
    if (input.locales !== undefined || input.defaultLocale !== undefined || !existing) {
      out.default_locale = defaultLocale;
      out.locales = [...new Set(locales)];
    }
    const name = input.name ?? existing?.name;
    if (name && !name[defaultLocale]?.trim()) throw validationFailed([{ field: `name.${defaultLocale}`, message: 'the name in the city\'s default language is required' }]);
    if (input.boundary !== undefined) {
      const { boundary, centre } = parseBoundary(input.boundary);
      out.boundary = boundary;
      out.centre_lat = centre.lat;
      out.centre_lon = centre.lon;
    }
    if (input.parent !== undefined) {
      if (input.parent === null) out.parent_id = null;
      else {
        const parent = await this.repo.bySlug(input.parent);
        if (!parent || parent.archived_at) throw validationFailed([{ field: 'parent', message: `no metropolitan area "${input.parent}"` }]);
        if (parent.kind !== 'area') throw validationFailed([{ field: 'parent', message: `"${input.parent}" is a city, not a metropolitan area` }]);
        if ((input.kind ?? existing?.kind) === 'area') throw validationFailed([{ field: 'parent', message: 'an area cannot belong to another area' }]);
        if (existing && parent.id === existing.id) throw validationFailed([{ field: 'parent', message: 'a city cannot belong to itself' }]);
        out.parent_id = parent.id;
      }
    }
    if (input.kind === 'area' && existing && (await this.members(existing)).length === 0 && existing.parent_id) out.parent_id = null;
    return out;
  }
}

function requirePlatformAdmin(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'user') throw unauthorized();
  if (!actor.user.platformAdmin) throw forbidden('Only a platform admin may create or archive cities.');
}

function summary(t: TenantRow) {
  return { slug: t.slug, name: t.name, kind: t.kind, parentId: t.parent_id, locales: t.locales, siruta: t.siruta };
}

/** The tenants service over its repository on `db` (the app's wiring, the CLI and tests). */
export function createTenantsService(db: Db): TenantsService {
  return new TenantsService(new TenantsRepository(db));
}
