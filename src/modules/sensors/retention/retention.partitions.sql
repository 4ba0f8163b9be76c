-- Monthly partitions of sensors_observations (SensorsRepository.ensurePartitions): one per UTC month from
-- p_from's month to p_to's, named sensors_observations_YYYY_MM. A reading whose month has no partition yet
-- lands in sensors_observations_default, so ingest never depends on this having run; the rows of a month that
-- waited there move into its partition when it is made. One process at a time (advisory lock): two app nodes
-- making the same month would otherwise collide.
create or replace function sensors_observation_partitions(p_from timestamptz, p_to timestamptz) returns int
language plpgsql as $fn$
declare
  m timestamp; -- a month's start as UTC wall time, so month arithmetic does not depend on the session's zone
  lo timestamptz;
  hi timestamptz;
  part text;
  made int := 0;
begin
  perform pg_advisory_xact_lock(hashtext('sensors_observation_partitions'));
  for m in select generate_series(date_trunc('month', p_from at time zone 'UTC'), date_trunc('month', p_to at time zone 'UTC'), interval '1 month') loop
    part := 'sensors_observations_' || to_char(m, 'YYYY_MM');
    continue when to_regclass(part) is not null;
    lo := m at time zone 'UTC';
    hi := (m + interval '1 month') at time zone 'UTC';
    execute format('create table %I (like sensors_observations including defaults including constraints)', part);
    execute format('with moved as (delete from sensors_observations_default where time >= $1 and time < $2 returning *) insert into %I select * from moved', part) using lo, hi;
    execute format('alter table sensors_observations attach partition %I for values from (%L) to (%L)', part, lo, hi);
    made := made + 1;
  end loop;
  return made;
end
$fn$;
