import { sql, type Kysely } from 'kysely';
import { loadSqlFiles, runStatements } from '../src/core/migrate.js';
import { sensorsObservationColumns } from './lib/columns.js';

/**
 * Raw observations partitioned by month (issue #18): retention drops a month's partition instead of deleting
 * its rows, and an ingest or a chart touches only the months it needs, so both keep their speed as years of
 * readings pile up. Readings of a month without a partition wait in the default partition (see the SQL file).
 * The existing rows are copied over once; partitions are made from the oldest stored month (at most two years
 * back — older readings stay in the default partition) to three months ahead, and the retention job keeps
 * making the coming months.
 */
// the ingest upsert writes into a month's partition by name (its xmax test needs a plain table): loaded again
export const SENSORS_PARTITION_SQL = ['src/modules/sensors/retention/retention.partitions.sql', 'src/modules/sensors/retention/retention.sql', 'src/modules/sensors/ingest/ingest.sql'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table sensors_observations rename to sensors_observations_unpartitioned`,
    sql`alter table sensors_observations_unpartitioned rename constraint sensors_observations_pkey to sensors_observations_unpartitioned_pkey`,
    sql`create table sensors_observations (${sensorsObservationColumns}) partition by range (time)`,
    sql`create table sensors_observations_default partition of sensors_observations default`,
  ]);
  await loadSqlFiles(db, SENSORS_PARTITION_SQL);
  await runStatements(db, [
    sql`select sensors_observation_partitions(
      greatest(coalesce((select min(time) from sensors_observations_unpartitioned), now()), now() - interval '2 years'),
      now() + interval '3 months')`,
    sql`insert into sensors_observations select datastream_id, time, value, quality from sensors_observations_unpartitioned`,
    sql`drop table sensors_observations_unpartitioned`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop function if exists sensors_apply_retention()`,
    sql`drop function if exists sensors_observation_partitions(timestamptz, timestamptz)`,
    sql`create table sensors_observations_unpartitioned (${sensorsObservationColumns})`,
    sql`insert into sensors_observations_unpartitioned select * from sensors_observations`,
    sql`drop table sensors_observations`,
    sql`alter table sensors_observations_unpartitioned rename to sensors_observations`,
    sql`alter table sensors_observations rename constraint sensors_observations_unpartitioned_pkey to sensors_observations_pkey`,
  ]);
}
