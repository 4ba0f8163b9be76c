-- The ingest upsert (IngestRepository.ingest). PL/pgSQL keeps the plans of its statements per connection (the
-- driver sends unnamed statements, planned again on every call). Arguments: datastream ids, times as epoch
-- seconds, values, quality flags (sorted by datastream and time, one row per key), whether to try the plain
-- insert first, whether to report per input row. Each row written adds to its (datastream, UTC hour) delta in
-- sensors_rollups_pending and the datastream's latest value; a replaced value marks its hour for recomputation.
create or replace function sensors_ingest(p_ids bigint[], p_times float8[], p_values float8[], p_qualities int2[], p_assume_new boolean, p_per_row boolean,
  out inserted int, out updated int, out written json)
language plpgsql as $fn$
declare
  m timestamp;
  part text;
  n_new int;
  n_changed int;
  w json;
  -- What both paths below add after their `up` (the rows written, each with `fresh`: new rather than replaced):
  -- each (datastream, UTC hour)'s delta, which marks the hour for recomputation when a value was replaced, and the
  -- datastream's latest value. One text, so the two statements cannot drift apart.
  accounted constant text := $q$
    p as (
      insert into sensors_rollups_pending (datastream_id, bucket, count, sum, min, max, last, last_time, recompute)
      select datastream_id, date_trunc('hour', time, 'UTC'), count(*), sum(value), min(value), max(value), (array_agg(value order by time desc))[1], max(time), not bool_and(fresh)
      from up group by 1, 2
      returning datastream_id, last, last_time
    ),
    ds as (
      update sensors_datastreams s set last_time = x.last_time, last_value = x.last
      from (select distinct on (datastream_id) datastream_id, last_time, last from p order by datastream_id, last_time desc) x
      where s.id = x.datastream_id and (s.last_time is null or x.last_time >= s.last_time)
    )$q$;
begin
  -- (the service no longer takes this path: it calls sensors_ingest_fresh instead, and this one with false)
  if p_assume_new then
    begin
      execute format($q$
        with up as (
          insert into sensors_observations (datastream_id, time, value, quality)
          select ds, to_timestamp(t), v, q from unnest($1, $2, $3, $4) as i(ds, t, v, q)
          returning datastream_id, time, value, true as fresh
        ),
        %s
        select count(*)::int from up$q$, accounted)
      into inserted
      using p_ids, p_times, p_values, p_qualities;
      updated := 0;
      written := null; -- every row is new: the caller knows which
      return;
    exception when unique_violation then
      null; -- a row exists already: the upsert below
    end;
  end if;
  -- The upsert tells a new row from a replaced one by xmax, which only a plain table shows, not the partitioned
  -- one: each month's rows go into that month's partition (or the default one) by name; a batch spans one month
  -- as a rule. A month's partition made meanwhile makes the default partition refuse the row: route again once.
  inserted := 0;
  updated := 0;
  for attempt in 1..2 loop
    begin
      for m in select distinct date_trunc('month', to_timestamp(t) at time zone 'UTC') from unnest(p_times) as i(t) loop
        part := 'sensors_observations_' || to_char(m, 'YYYY_MM');
        if to_regclass(part) is null then part := 'sensors_observations_default'; end if;
        execute format($q$
          with up as (
            insert into %I as o (datastream_id, time, value, quality)
            select ds, to_timestamp(t), v, q from unnest($1, $2, $3, $4) as i(ds, t, v, q) where to_timestamp(t) >= $5 and to_timestamp(t) < $6
            on conflict (datastream_id, time) do update set value = excluded.value, quality = excluded.quality
              where o.value is distinct from excluded.value or o.quality is distinct from excluded.quality
            returning o.datastream_id, o.time, o.value, (o.xmax::text = '0') as fresh
          ),
          %s
          select count(*) filter (where fresh)::int, count(*) filter (where not fresh)::int,
                 case when $7 then (select json_agg(json_build_array(i.n - 1, up.fresh)) from up join unnest($1, $2) with ordinality as i(ds, t, n) on i.ds = up.datastream_id and to_timestamp(i.t) = up.time) end
          from up$q$, part, accounted)
        into n_new, n_changed, w
        using p_ids, p_times, p_values, p_qualities, m at time zone 'UTC', (m + interval '1 month') at time zone 'UTC', p_per_row;
        inserted := inserted + n_new;
        updated := updated + n_changed;
        if w is not null then written := (coalesce(written::jsonb, '[]'::jsonb) || w::jsonb)::json; end if;
      end loop;
      return;
    exception when check_violation then
      if attempt = 2 then raise; end if;
      inserted := 0;
      updated := 0;
      written := null;
    end;
  end loop;
end
$fn$;
