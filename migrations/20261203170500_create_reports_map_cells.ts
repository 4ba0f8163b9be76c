import { type Kysely, sql } from 'kysely';
import { loadSqlFiles, runStatements } from '../src/core/migrate.js';
import { tenantId } from './lib/columns.js';

/**
 * The reports map at a million reports (#18):
 * - a GiST index on the point of each published report, so "which reports are inside this box" reads the
 *   index instead of a latitude band of the (tenant_id, lat, lon) btree (no PostGIS needed: `point`, `box` and
 *   `<@` are core PostgreSQL, on a server and in PGlite alike);
 * - reports_map_cells: how many published reports each grid cell holds, at three levels, per status and
 *   category, kept by a statement-level trigger (reports.map-cells.sql), so a dense or wide box is answered
 *   with cluster counts from a few hundred rows instead of counting every report inside it.
 */
export const REPORTS_SQL = ['src/modules/reports/reports.map-cells-add.sql', 'src/modules/reports/reports.map-cells.sql'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create index reports_reports_map on reports_reports using gist (point(lon, lat)) where confirmed_at is not null and hidden_at is null`,
    sql`create table reports_map_cells (
      ${tenantId},
      bits smallint not null,
      cx int not null,
      cy int not null,
      status text not null,
      category_id int not null,
      n int not null,
      lat_sum double precision not null,
      lon_sum double precision not null,
      primary key (tenant_id, bits, cx, cy, status, category_id)
    )`,
  ]);
  await loadSqlFiles(db, REPORTS_SQL);
  await runStatements(db, [
    sql`create trigger reports_map_cells_insert after insert on reports_reports referencing new table as new_rows for each statement execute function reports_map_cells_apply()`,
    sql`create trigger reports_map_cells_update after update on reports_reports referencing old table as old_rows new table as new_rows for each statement execute function reports_map_cells_apply()`,
    sql`create trigger reports_map_cells_delete after delete on reports_reports referencing old table as old_rows for each statement execute function reports_map_cells_apply()`,
    // the reports already there: the same sums the trigger keeps
    sql`insert into reports_map_cells (tenant_id, bits, cx, cy, status, category_id, n, lat_sum, lon_sum)
      select r.tenant_id, lv.bits, floor(r.lon * (1 << lv.bits))::int, floor(r.lat * (1 << lv.bits))::int, r.status, r.category_id, count(*)::int, sum(r.lat), sum(r.lon)
      from reports_reports r cross join (values (4), (7), (10)) as lv(bits)
      where r.confirmed_at is not null and r.hidden_at is null and r.lat is not null and r.lon is not null
      group by 1, 2, 3, 4, 5, 6`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop trigger reports_map_cells_delete on reports_reports`,
    sql`drop trigger reports_map_cells_update on reports_reports`,
    sql`drop trigger reports_map_cells_insert on reports_reports`,
    sql`drop function reports_map_cells_apply()`,
    sql`drop function reports_map_cells_add(int[], text[], int[], float8[], float8[], int[])`,
    sql`drop table reports_map_cells`,
    sql`drop index reports_reports_map`,
  ]);
}
