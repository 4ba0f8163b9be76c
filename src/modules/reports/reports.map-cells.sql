-- Keeps reports_map_cells (the map's cluster counts) in step with reports_reports: a statement-level trigger
-- with transition tables, so a bulk INSERT … SELECT of a million reports costs one grouped upsert
-- (reports_map_cells_add), not a million. Only published reports with a point count (confirmed, not hidden).
-- An INSERT trigger has no old_rows and a DELETE trigger no new_rows: each branch names only those it has
-- (PL/pgSQL plans a statement when it first runs it).
create or replace function reports_map_cells_apply() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    perform reports_map_cells_add(array_agg(tenant_id), array_agg(status), array_agg(category_id), array_agg(lat), array_agg(lon), array_agg(1))
      from new_rows where confirmed_at is not null and hidden_at is null and lat is not null and lon is not null having count(*) > 0;
  elsif tg_op = 'DELETE' then
    perform reports_map_cells_add(array_agg(tenant_id), array_agg(status), array_agg(category_id), array_agg(lat), array_agg(lon), array_agg(-1))
      from old_rows where confirmed_at is not null and hidden_at is null and lat is not null and lon is not null having count(*) > 0;
  else
    perform reports_map_cells_add(array_agg(c.tenant_id), array_agg(c.status), array_agg(c.category_id), array_agg(c.lat), array_agg(c.lon), array_agg(c.d))
      from (
        select tenant_id, status, category_id, lat, lon, 1 as d from new_rows where confirmed_at is not null and hidden_at is null and lat is not null and lon is not null
        union all
        select tenant_id, status, category_id, lat, lon, -1 from old_rows where confirmed_at is not null and hidden_at is null and lat is not null and lon is not null
      ) c
      having count(*) > 0;
  end if;
  return null;
end
$fn$;
