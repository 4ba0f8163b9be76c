import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Roll-up deltas waiting to be folded. The ingest statement writes, in the same statement (so the same
 * COMMIT) as the raw rows, one row per touched (datastream, UTC hour) with the count, sum, min, max and last
 * of the rows it added, or `recompute` when it replaced a value. A worker folds them into the hourly
 * roll-ups (adding the deltas; recomputing a corrected hour from its raw rows) and recomputes the touched
 * days from their hourly rows, deleting what it folded in the same transaction. No index and no key: the
 * ingest only appends, the fold takes everything it can see.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table sensors_rollups_pending (
      datastream_id bigint not null,
      bucket timestamptz not null,
      count int not null,
      sum double precision not null,
      min double precision,
      max double precision,
      last double precision,
      last_time timestamptz,
      recompute boolean not null default false
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table if exists sensors_rollups_pending`]);
}
