-- The raw-data retention (SensorsRepository.applyRetention): a month whose every row is past its city's
-- retention goes whole, by dropping its partition (milliseconds, whatever its size, and no dead rows left to
-- vacuum); what remains (a month shared with a city that keeps longer, the default partition) is deleted row by
-- row as before. A month may go only if no datastream of a city that still keeps it (no retention, or a cutoff
-- after the month's end) has a row in it: one index probe per such datastream.
create or replace function sensors_apply_retention(out dropped_months int, out deleted_rows bigint)
language plpgsql as $fn$
declare
  part text;
  hi timestamptz;
  kept boolean;
  city int;
  cutoff timestamptz;
  n bigint;
begin
  dropped_months := 0;
  perform pg_advisory_xact_lock(hashtext('sensors_observation_partitions'));
  for part in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'sensors_observations'::regclass and c.relname ~ '^sensors_observations_[0-9]{4}_[0-9]{2}$'
    order by c.relname
  loop
    hi := (to_date(right(part, 7), 'YYYY_MM') + interval '1 month') at time zone 'UTC';
    exit when hi > now(); -- the current month and later are never past every retention
    execute format(
      'select exists (select 1 from sensors_datastreams d left join sensors_settings s on s.tenant_id = d.tenant_id
        where (s.raw_retention_days is null or $1 > now() - make_interval(days => s.raw_retention_days))
          and exists (select 1 from %I o where o.datastream_id = d.id))', part) into kept using hi;
    continue when kept;
    execute format('drop table %I', part);
    dropped_months := dropped_months + 1;
  end loop;
  -- one city at a time, its cutoff a value: only the partitions before it are read (pruned at execution)
  deleted_rows := 0;
  for city, cutoff in select tenant_id, now() - make_interval(days => raw_retention_days) from sensors_settings where raw_retention_days is not null loop
    delete from sensors_observations o using sensors_datastreams d
    where d.tenant_id = city and d.id = o.datastream_id and o.time < cutoff;
    get diagnostics n = row_count;
    deleted_rows := deleted_rows + n;
  end loop;
end
$fn$;
