import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { tenantId } from './lib/columns.js';

/**
 * When the metadata of a platform dataset (title, themes, its list of files…) last changed, per city: the
 * catalogue compares a fingerprint on each read, so CKAN's metadata_modified and DCAT's dct:modified move when a
 * new budget adds a file, and incremental harvests pick the change up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table opendata_metadata_versions (
      ${tenantId},
      dataset_id text not null,
      fingerprint text not null,
      changed_at timestamptz not null default now(),
      primary key (tenant_id, dataset_id)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table if exists opendata_metadata_versions`]);
}
