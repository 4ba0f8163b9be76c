/** SQL for uploaded datasets (Kysely only). */
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import { readDb } from '../../core/replica.js';
import './opendata.tables.js';

export type UploadRow = Selectable<Database['opendata_uploads']>;

export class OpendataRepository {
  constructor(private readonly db: Db) {}

  /** The unit of work: an upload's row, its audit row and its event commit together. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async list(tenantId: number, opts: { publishedOnly: boolean }): Promise<UploadRow[]> {
    // the public catalogue (DCAT, the open data page) may be a moment stale: the replica when there is one
    let q = (opts.publishedOnly ? readDb(this.db) : this.db).selectFrom('opendata_uploads').selectAll().where('tenant_id', '=', tenantId);
    if (opts.publishedOnly) q = q.where('published', '=', true);
    return q.orderBy('created_at', 'desc').execute();
  }

  /** How many uploads are still drafts (not published), for the staff console. */
  async countDrafts(tenantId: number): Promise<number> {
    const r = await this.db.selectFrom('opendata_uploads').select(sql<string>`count(*)`.as('n')).where('tenant_id', '=', tenantId).where('published', '=', false).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The most recently published uploads, for the city page. */
  async newestPublished(tenantId: number, limit: number) {
    return readDb(this.db)
      .selectFrom('opendata_uploads')
      .select(['slug', 'title', 'issued_at'])
      .where('tenant_id', '=', tenantId)
      .where('published', '=', true)
      .orderBy(sql`coalesce(issued_at, created_at)`, 'desc')
      .orderBy('slug')
      .limit(limit)
      .execute();
  }

  async bySlug(tenantId: number, slug: string, trx?: Transaction<Database>): Promise<UploadRow | undefined> {
    return (trx ?? this.db).selectFrom('opendata_uploads').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
  }

  async lockBySlug(tenantId: number, slug: string, trx: Transaction<Database>): Promise<UploadRow | undefined> {
    return trx.selectFrom('opendata_uploads').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).forUpdate().executeTakeFirst();
  }

  async insert(row: Insertable<Database['opendata_uploads']>, trx: Transaction<Database>): Promise<UploadRow> {
    return trx.insertInto('opendata_uploads').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async update(id: string, patch: Updateable<Database['opendata_uploads']>, trx: Transaction<Database>): Promise<UploadRow> {
    return trx
      .updateTable('opendata_uploads')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Published uploads issued before `before` (for the datasets_published metric). */
  async countPublished(tenantId: number, before: string): Promise<number> {
    const r = await this.db
      .selectFrom('opendata_uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('published', '=', true)
      .where('issued_at', '<', new Date(before))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async lastChange(tenantId: number): Promise<Date | null> {
    const r = await this.db.selectFrom('opendata_uploads').select((eb) => eb.fn.max('updated_at').as('m')).where('tenant_id', '=', tenantId).where('published', '=', true).executeTakeFirst();
    return (r?.m as Date | null) ?? null;
  }

  /** The recorded metadata fingerprints of a city's platform datasets. */
  async metadataVersions(tenantId: number): Promise<Map<string, { fingerprint: string; changedAt: Date }>> {
    const rows = await this.db.selectFrom('opendata_metadata_versions').select(['dataset_id', 'fingerprint', 'changed_at']).where('tenant_id', '=', tenantId).execute();
    return new Map(rows.map((r) => [r.dataset_id, { fingerprint: r.fingerprint, changedAt: r.changed_at }]));
  }

  /**
   * Records a new fingerprint (now) unless it is already the stored one; returns when the metadata last changed.
   * One statement, so two readers noticing the same change at once agree on the time.
   */
  async recordMetadataVersion(tenantId: number, datasetId: string, fingerprint: string): Promise<Date> {
    const r = await this.db
      .insertInto('opendata_metadata_versions')
      .values({ tenant_id: tenantId, dataset_id: datasetId, fingerprint })
      .onConflict((oc) => oc.columns(['tenant_id', 'dataset_id']).doUpdateSet({ fingerprint, changed_at: sql`now()` }).where('opendata_metadata_versions.fingerprint', '<>', fingerprint))
      .returning('changed_at')
      .executeTakeFirst();
    if (r) return r.changed_at;
    return (await this.metadataVersions(tenantId)).get(datasetId)!.changedAt;
  }
}
