-- The fold (RollupsRepository.foldPending, inside a REPEATABLE READ transaction, one at a time): adds the pending
-- deltas to the hourly roll-ups (or recomputes an hour from the raw rows when a value was replaced), then each
-- touched day again from its hourly rows. The deltas it deletes and the raw rows it reads are the same snapshot.
create or replace function sensors_fold() returns int
language plpgsql as $fn$
declare
  v_n int;
  v_ds bigint[];
  v_days timestamptz[];
begin
  with taken as (delete from sensors_rollups_pending returning *),
  g as (
    select datastream_id, bucket, sum(count)::int as count, sum(sum) as sum, min(min) as min, max(max) as max,
           (array_agg(last order by last_time desc nulls last))[1] as last, max(last_time) as last_time, bool_or(recompute) as recompute, count(*) as deltas
    from taken group by 1, 2
  ),
  added as (
    insert into sensors_rollups_hourly as r (datastream_id, bucket, count, sum, min, max, last, last_time)
    select datastream_id, bucket, count, sum, min, max, last, last_time from g where not recompute and count > 0 order by 1, 2
    on conflict (datastream_id, bucket) do update set count = r.count + excluded.count, sum = r.sum + excluded.sum,
      min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
      last = case when excluded.last_time >= r.last_time then excluded.last else r.last end,
      last_time = greatest(r.last_time, excluded.last_time)
  ),
  recomputed as (
    insert into sensors_rollups_hourly as r (datastream_id, bucket, count, sum, min, max, last, last_time)
    select o.datastream_id, g.bucket, count(*), sum(o.value), min(o.value), max(o.value), (array_agg(o.value order by o.time desc))[1], max(o.time)
    from g join sensors_observations o on o.datastream_id = g.datastream_id and o.time >= g.bucket and o.time < g.bucket + interval '1 hour'
    where g.recompute group by 1, 2 order by 1, 2
    on conflict (datastream_id, bucket) do update set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
      last = excluded.last, last_time = excluded.last_time
  ),
  days as (select distinct datastream_id, date_trunc('day', bucket, 'UTC') as day from g)
  select (select coalesce(sum(deltas), 0) from g)::int, array_agg(datastream_id), array_agg(day) into v_n, v_ds, v_days from days;
  if v_ds is null then
    return v_n;
  end if;
  -- each touched day again from its (at most 24) hourly rows, which now include the changes above
  insert into sensors_rollups_daily as r (datastream_id, bucket, count, sum, min, max, last, last_time)
  select h.datastream_id, t.day, sum(h.count), sum(h.sum), min(h.min), max(h.max), (array_agg(h.last order by h.last_time desc))[1], max(h.last_time)
  from unnest(v_ds, v_days) as t(ds, day)
  join sensors_rollups_hourly h on h.datastream_id = t.ds and h.bucket >= t.day and h.bucket < t.day + interval '1 day'
  group by 1, 2 order by 1, 2
  on conflict (datastream_id, bucket) do update set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
    last = excluded.last, last_time = excluded.last_time;
  return v_n;
end
$fn$;
