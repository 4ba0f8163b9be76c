import { notFound } from '../../core/errors.js';
import type { TenantRow, TenantsRepository } from './tenants.repository.js';

/** Tenants are few and read on almost every request, so they are cached in memory after the first read. */
export class TenantsService {
  private cache = new Map<string, TenantRow>();
  private all: Promise<TenantRow[]> | undefined;
  constructor(private readonly repo: TenantsRepository) {}

  list(): Promise<TenantRow[]> {
    this.all ??= this.repo.list().catch((e: unknown) => {
      this.all = undefined;
      throw e;
    });
    return this.all;
  }

  async bySlug(slug: string): Promise<TenantRow> {
    const hit = this.cache.get(slug);
    if (hit) return hit;
    const row = await this.repo.bySlug(slug);
    if (!row) throw notFound('city');
    this.cache.set(slug, row);
    return row;
  }

  async byId(id: number): Promise<TenantRow> {
    for (const t of this.cache.values()) if (t.id === id) return t;
    const row = await this.repo.byId(id);
    if (!row) throw notFound('city');
    this.cache.set(row.slug, row);
    return row;
  }

  async upsert(t: Parameters<TenantsRepository['upsert']>[0]): Promise<TenantRow> {
    const row = await this.repo.upsert(t);
    this.cache.set(row.slug, row);
    this.all = undefined;
    return row;
  }
}
