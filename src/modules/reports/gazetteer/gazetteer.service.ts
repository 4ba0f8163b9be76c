/**
 * The city's address gazetteer: address search (the gazetteer, then the external geocoder when one is
 * configured; inside the city only) and loading it from CSV, all rows or none, audited.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { type ExternalGeocoder, geocode, geocodeAddress, type GeocodeResult, parseGazetteerCsv } from './gazetteer.geocoder.js';
import type { GazetteerRepository } from './gazetteer.repository.js';

export class GazetteerService {
  constructor(
    private readonly d: {
      gazetteer: GazetteerRepository;
      /** the optional Nominatim-compatible geocoder asked when the gazetteer has no match */
      geocoder?: ExternalGeocoder | undefined;
    },
  ) {}

  /** Address search: the city's gazetteer, then the external geocoder if one is configured; inside the boundary only. */
  geocode(tenant: TenantRow, q: string, limit?: number): Promise<GeocodeResult[]> {
    return geocode(this.d.gazetteer, this.d.geocoder, tenant, q, limit);
  }

  /** The best single point for a free-text address (Open311 address_string), or undefined. */
  geocodeAddress(tenant: TenantRow, address: string): Promise<GeocodeResult | undefined> {
    return geocodeAddress(this.d.gazetteer, this.d.geocoder, tenant, address);
  }

  get hasExternalGeocoder(): boolean {
    return !!this.d.geocoder;
  }

  size(tenant: TenantRow): Promise<number> {
    return this.d.gazetteer.size(tenant.id);
  }

  /** The distinct sources a city's gazetteer was loaded from (the demo replaces only its own). */
  sources(tenant: TenantRow): Promise<string[]> {
    return this.d.gazetteer.sources(tenant.id);
  }

  /**
   * Loads a gazetteer CSV (see parseGazetteerCsv): every row checked first, then all stored in one
   * transaction (replacing the city's gazetteer unless `append`), audited, or nothing stored at all.
   */
  async import(
    actor: Actor,
    tenant: TenantRow,
    csv: string,
    opts: { append?: boolean | undefined; source: string; skipOutside?: boolean | undefined; onProgress?: ((done: number, total: number) => void) | undefined },
  ): Promise<{ rows: number; replaced: boolean; skippedOutside: number }> {
    const { rows, errors, skippedOutside } = parseGazetteerCsv(csv, tenant, { skipOutside: opts.skipOutside });
    if (errors.length) {
      const shown = errors.slice(0, 20);
      if (errors.length > shown.length) shown.push({ field: '(body)', message: `… and ${errors.length - shown.length} more errors.`, code: 'more_errors' });
      throw validationFailed(shown);
    }
    const replaced = !opts.append;
    await this.d.gazetteer.transaction(async (trx) => {
      await this.d.gazetteer.insert(trx, tenant.id, rows, { replace: replaced, source: opts.source.slice(0, 200), onProgress: opts.onProgress });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.gazetteer.imported', entityType: 'gazetteer', entityId: tenant.slug, after: { rows: rows.length, replaced, source: opts.source, skippedOutside } });
      await emit(trx, 'reports.gazetteer.imported', { rows: rows.length, replaced, source: opts.source }, tenant.id);
    });
    return { rows: rows.length, replaced, skippedOutside };
  }
}
