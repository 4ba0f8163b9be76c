-- Adds published reports (d = 1) or takes them away (d = -1) from reports_map_cells, the map's cluster counts:
-- each report counts at three grid levels (cells of 1/1024°, 1/128° and 1/16°: about 110 m, 870 m and 7 km
-- north–south) per status and category, with the sums of its coordinates so a cluster is drawn at the centre
-- of its reports. One grouped upsert for the whole set, in key order so concurrent writers lock cells in the
-- same order and cannot deadlock. PL/pgSQL keeps the statement's plan per connection.
create or replace function reports_map_cells_add(p_tenant int[], p_status text[], p_category int[], p_lat float8[], p_lon float8[], p_d int[])
returns void
language plpgsql as $fn$
begin
  insert into reports_map_cells as m (tenant_id, bits, cx, cy, status, category_id, n, lat_sum, lon_sum)
  select c.tenant_id, lv.bits, floor(c.lon * (1 << lv.bits))::int, floor(c.lat * (1 << lv.bits))::int, c.status, c.category_id,
    sum(c.d)::int, sum(c.d * c.lat), sum(c.d * c.lon)
  from unnest(p_tenant, p_status, p_category, p_lat, p_lon, p_d) as c(tenant_id, status, category_id, lat, lon, d)
  cross join (values (4), (7), (10)) as lv(bits)
  group by 1, 2, 3, 4, 5, 6
  having sum(c.d) <> 0 or sum(c.d * c.lat) <> 0 or sum(c.d * c.lon) <> 0
  order by 1, 2, 3, 4, 5, 6
  on conflict (tenant_id, bits, cx, cy, status, category_id)
    do update set n = m.n + excluded.n, lat_sum = m.lat_sum + excluded.lat_sum, lon_sum = m.lon_sum + excluded.lon_sum;
end
$fn$;
