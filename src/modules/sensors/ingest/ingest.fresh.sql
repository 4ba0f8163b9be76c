-- The fastest ingest path (IngestRepository.ingest with assumeNew), for rows the caller expects to be all new:
-- the caller has computed each (datastream, UTC hour)'s delta from its sorted rows, so the statements carry no
-- RETURNING, no CTE and no GROUP BY. If any row exists, the block rolls back to its savepoint and
-- sensors_ingest (the upsert) runs in the same call. Times and buckets are epoch seconds.
create or replace function sensors_ingest_fresh(p_ids bigint[], p_times float8[], p_values float8[], p_qualities int2[],
  p_h_ds bigint[], p_h_bucket float8[], p_h_count int[], p_h_sum float8[], p_h_min float8[], p_h_max float8[], p_h_last float8[], p_h_last_time float8[],
  p_per_row boolean, out inserted int, out updated int, out written json)
language plpgsql as $fn$
begin
  begin
    insert into sensors_observations (datastream_id, time, value, quality)
    select ds, to_timestamp(t), v, q from unnest(p_ids, p_times, p_values, p_qualities) as i(ds, t, v, q);
    insert into sensors_rollups_pending (datastream_id, bucket, count, sum, min, max, last, last_time, recompute)
    select ds, to_timestamp(b), c, s, mn, mx, l, to_timestamp(lt), false
    from unnest(p_h_ds, p_h_bucket, p_h_count, p_h_sum, p_h_min, p_h_max, p_h_last, p_h_last_time) as h(ds, b, c, s, mn, mx, l, lt);
    update sensors_datastreams s set last_time = to_timestamp(x.lt), last_value = x.l
    from (select distinct on (ds) ds, lt, l from unnest(p_h_ds, p_h_last_time, p_h_last) as h(ds, lt, l) order by ds, lt desc) x
    where s.id = x.ds and (s.last_time is null or to_timestamp(x.lt) >= s.last_time);
    inserted := cardinality(p_ids);
    updated := 0;
    written := null; -- every row is new: the caller knows which
    return;
  exception when unique_violation then
    null; -- a row exists already: the upsert
  end;
  select i.inserted, i.updated, i.written into inserted, updated, written from sensors_ingest(p_ids, p_times, p_values, p_qualities, false, p_per_row) i;
end
$fn$;
