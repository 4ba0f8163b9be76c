import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * The ingest statement as a PL/pgSQL function, for two reasons measured on the hot path: PL/pgSQL keeps the
 * plans of its statements per connection (the driver sends unnamed statements, planned again on every call),
 * and it can try the cheaper plain INSERT first when the caller expects every row to be new (newer than any
 * it knows of), falling back to INSERT … ON CONFLICT inside the same call when a row exists after all — the
 * plain insert is then rolled back to the block's savepoint, so nothing is written twice and no error reaches
 * the client. Arguments: datastream ids, times as epoch seconds, values, quality flags (sorted by datastream
 * and time, one row per key), whether to try the plain insert, whether to report per input row. Each row
 * written adds to its (datastream, UTC hour) delta in sensors_rollups_pending and the datastream's latest
 * value; a replaced value marks its hour for recomputation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create or replace function sensors_ingest(p_ids bigint[], p_times float8[], p_values float8[], p_qualities int2[], p_assume_new boolean, p_per_row boolean,
      out inserted int, out updated int, out written json)
    language plpgsql as $fn$
    begin
      if p_assume_new then
        begin
          with up as (
            insert into sensors_observations (datastream_id, time, value, quality)
            select ds, to_timestamp(t), v, q from unnest(p_ids, p_times, p_values, p_qualities) as i(ds, t, v, q)
            returning datastream_id, time, value
          ),
          p as (
            insert into sensors_rollups_pending (datastream_id, bucket, count, sum, min, max, last, last_time, recompute)
            select datastream_id, date_trunc('hour', time, 'UTC'), count(*), sum(value), min(value), max(value), (array_agg(value order by time desc))[1], max(time), false
            from up group by 1, 2
            returning datastream_id, last, last_time
          ),
          ds as (
            update sensors_datastreams s set last_time = x.last_time, last_value = x.last
            from (select distinct on (datastream_id) datastream_id, last_time, last from p order by datastream_id, last_time desc) x
            where s.id = x.datastream_id and (s.last_time is null or x.last_time >= s.last_time)
          )
          select count(*)::int into inserted from up;
          updated := 0;
          written := null; -- every row is new: the caller knows which
          return;
        exception when unique_violation then
          null; -- a row exists already: the upsert below
        end;
      end if;
      with up as (
        insert into sensors_observations as o (datastream_id, time, value, quality)
        select ds, to_timestamp(t), v, q from unnest(p_ids, p_times, p_values, p_qualities) as i(ds, t, v, q)
        on conflict (datastream_id, time) do update set value = excluded.value, quality = excluded.quality
          where o.value is distinct from excluded.value or o.quality is distinct from excluded.quality
        returning o.datastream_id, o.time, o.value, (o.xmax::text = '0') as fresh
      ),
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
      )
      select count(*) filter (where fresh)::int, count(*) filter (where not fresh)::int,
             case when p_per_row then (select json_agg(json_build_array(i.n - 1, up.fresh)) from up join unnest(p_ids, p_times) with ordinality as i(ds, t, n) on i.ds = up.datastream_id and to_timestamp(i.t) = up.time) end
        into inserted, updated, written
      from up;
    end
    $fn$`,
    // The fold (called by SensorsRepository.foldPending inside a REPEATABLE READ transaction, one at a time):
    // the deltas it deletes and the raw rows it may recompute from are the same snapshot.
    sql`create or replace function sensors_fold() returns int
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
    $fn$`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop function if exists sensors_fold()`, sql`drop function if exists sensors_ingest(bigint[], float8[], float8[], int2[], boolean, boolean)`]);
}
