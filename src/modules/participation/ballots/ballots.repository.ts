/** The only place that builds SQL for ballots: each write is one statement that re-checks in SQL what a cached budget could have missed. */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import { emitFrom } from '../../../core/events.js';
import '../participation.tables.js';

/** An int[] from either driver (pg parses it; a text form '{1,2}' is parsed here). */
function intArray(v: number[] | string): number[] {
  if (Array.isArray(v)) return v.map(Number);
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map(Number) : [];
}

export class BallotsRepository {
  constructor(private readonly db: Db) {}

  /** A voter's ballot with its projects in order, in one query (undefined when there is none). */
  async ballotWithItems(budgetId: number, voterKey: string) {
    const r = await sql<{ id: string; checked_out_at: Date | null; project_ids: number[] | string }>`
      select b.id, b.checked_out_at,
        coalesce((select array_agg(i.project_id order by i.position) from participation_ballot_items i where i.ballot_id = b.id), '{}') as project_ids
      from participation_ballots b where b.budget_id = ${budgetId} and b.voter_key = ${voterKey}`.execute(this.db);
    const row = r.rows[0];
    return row ? { id: Number(row.id), checkedOutAt: row.checked_out_at, projectIds: intArray(row.project_ids) } : undefined;
  }

  /**
   * Saves a ballot in one statement: inserts it (or replaces its projects) only while the budget is open
   * for voting, every chosen project is ready in this budget, and the ballot is not final yet. The unique
   * (budget, voter) constraint keeps one ballot per person. Returns the ballot id, or null with the reason.
   */
  async saveBallot(p: { tenantId: number; budgetId: number; voterKey: string; userId: string | null; meta: Record<string, string | number>; projectIds: number[] }) {
    const ids = `{${p.projectIds.map((x) => Math.trunc(x)).join(',')}}`;
    const r = await sql<{ ballot_id: string | null; open: boolean; valid: boolean }>`
      with open as (select exists (select 1 from participation_budgets where id = ${p.budgetId} and status = 'voting') as v),
      valid as (select count(*) = ${p.projectIds.length} as v from participation_budget_projects where budget_id = ${p.budgetId} and review = 'ready' and id = any(${ids}::int[])),
      up as (
        insert into participation_ballots (tenant_id, budget_id, voter_key, user_id, meta)
        select ${p.tenantId}, ${p.budgetId}, ${p.voterKey}, ${p.userId}, ${JSON.stringify(p.meta)}::jsonb where (select v from open) and (select v from valid)
        on conflict on constraint participation_ballots_one_per_voter
          do update set updated_at = now(), meta = excluded.meta where participation_ballots.checked_out_at is null
        returning id
      ),
      gone as (delete from participation_ballot_items where ballot_id = (select id from up) and project_id <> all(${ids}::int[])),
      put as (
        insert into participation_ballot_items (ballot_id, project_id, position)
        select (select id from up), x.pid, (x.ord - 1)::int from unnest(${ids}::int[]) with ordinality as x(pid, ord) where exists (select 1 from up)
        on conflict (ballot_id, project_id) do update set position = excluded.position
      )
      select (select id from up) as ballot_id, (select v from open) as open, (select v from valid) as valid`.execute(this.db);
    const row = r.rows[0]!;
    return { ballotId: row.ballot_id === null ? null : Number(row.ballot_id), open: row.open, valid: row.valid };
  }

  /**
   * Makes a ballot final in one statement, only if the budget is voting, the ballot is not final, it was
   * not changed since it was read (updated_at), and its projects satisfy the rule's bounds (count and
   * total cost); the `participation.ballot.checkedOut` event is written by the same statement. Of two
   * racing checkouts, the second finds checked_out_at set and updates nothing.
   */
  async checkoutBallot(p: { tenantId: number; budgetId: number; voterKey: string; minCount: number; maxCount: number; minTotal: number; maxTotal: number | null }) {
    const r = await sql<{ id: string; checked_out_at: Date; project_ids: number[] | string }>`
      with mine as (select id, updated_at from participation_ballots where budget_id = ${p.budgetId} and voter_key = ${p.voterKey}),
      agg as (
        select count(*)::int as n, coalesce(sum(pr.cost), 0) as total, coalesce(array_agg(i.project_id order by i.position), '{}') as project_ids
        from participation_ballot_items i join participation_budget_projects pr on pr.id = i.project_id
        where i.ballot_id = (select id from mine)
      ),
      done as (
        update participation_ballots b set checked_out_at = now()
        from agg
        where b.id = (select id from mine) and b.updated_at = (select updated_at from mine) and b.checked_out_at is null
          and exists (select 1 from participation_budgets where id = ${p.budgetId} and status = 'voting')
          and agg.n between ${p.minCount}::int and ${p.maxCount}::int
          and agg.total >= ${p.minTotal}::numeric and (${p.maxTotal}::numeric is null or agg.total <= ${p.maxTotal}::numeric)
        returning b.id, b.user_id, b.checked_out_at, agg.project_ids
      ),
      event as (${emitFrom('participation.ballot.checkedOut', sql`jsonb_build_object('budgetId', ${p.budgetId}::int, 'ballotId', done.id, 'userId', done.user_id)`, p.tenantId, 'done')})
      select id, checked_out_at, project_ids from done`.execute(this.db);
    const row = r.rows[0];
    return row ? { id: Number(row.id), checkedOutAt: row.checked_out_at, projectIds: intArray(row.project_ids) } : undefined;
  }
}
