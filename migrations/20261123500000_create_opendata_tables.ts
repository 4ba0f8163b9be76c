import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdBy, tenantId, timestamps } from './lib/columns.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table opendata_uploads (
      id uuid primary key default gen_random_uuid(),
      ${tenantId},
      slug text not null check (slug ~ '^[a-z0-9-]+$'),
      title jsonb not null,
      description jsonb not null,
      themes text[] not null default '{}',
      keywords text[] not null default '{}',
      publisher text,
      license text not null default 'CC_BY_4_0',
      frequency text not null default 'IRREG',
      temporal_start date,
      temporal_end date,
      filename text not null,
      format text not null check (format in ('CSV','JSON','GEOJSON','XLSX','PDF','ZIP')),
      media_type text not null,
      byte_size bigint not null,
      sha256 text not null,
      storage_path text not null,
      search_text text not null default '',
      published boolean not null default false,
      issued_at timestamptz,
      ${createdBy},
      ${timestamps},
      unique (tenant_id, slug)
    )`,
    sql`create index opendata_uploads_published on opendata_uploads (tenant_id, published)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table if exists opendata_uploads`]);
}
