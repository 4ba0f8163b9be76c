/** The only place that builds SQL for the moderation queue. Write methods take the transaction. */
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';

export type ModerationStatus = 'open' | 'hidden';
/** what people can flag: comments and proposals, each with its own flags table */
export type FlaggableKind = 'comment' | 'proposal';

const TABLES = {
  comment: { items: 'participation_comments', flags: 'participation_comment_flags', fk: 'comment_id' },
  proposal: { items: 'participation_proposals', flags: 'participation_proposal_flags', fk: 'proposal_id' },
} as const;

/** A flagged thing as the queue shows it: the text (a proposal's title and body), its author's name, where it is. */
export interface FlaggedRow {
  id: number;
  /** what a comment is on (proposal:12…); for a proposal, itself */
  on: string;
  author: string | null;
  body: string;
  created_at: Date;
  hidden_at: Date | null;
  hidden_reason: string | null;
}

export class ModerationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Flagged items of a city: `open` = at least one flag nobody has settled and the item still shown;
   * `hidden` = hidden items (whether flagged or hidden by staff on their own). Newest flag first.
   */
  async flagged(kind: FlaggableKind, tenantId: number, status: ModerationStatus, limit: number): Promise<FlaggedRow[]> {
    const t = TABLES[kind];
    const items = sql.table(t.items);
    const flags = sql.table(t.flags);
    const fk = sql.ref(`f.${t.fk}`);
    // a comment carries its author's display name; a proposal's author is read from the account (null once erased)
    const shape =
      kind === 'comment'
        ? sql`c.target_type || ':' || c.target_id as "on", c.author_name as author, c.body`
        : sql`'proposal:' || c.id as "on", (select u.display_name from users u where u.id = c.author_id) as author, c.title || E'\n\n' || c.body as body`;
    const open = sql`exists (select 1 from ${flags} f where ${fk} = c.id and f.settled_at is null)`;
    const r = await sql<FlaggedRow & { last_flag_at: Date | null }>`
      select c.id, ${shape}, c.created_at, c.hidden_at, c.hidden_reason,
             (select max(f.created_at) from ${flags} f where ${fk} = c.id) as last_flag_at
      from ${items} c
      where c.tenant_id = ${tenantId}
        and ${status === 'open' ? sql`c.hidden_at is null and ${open}` : sql`c.hidden_at is not null`}
      order by ${status === 'open' ? sql`last_flag_at` : sql`c.hidden_at`} desc, c.id desc
      limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  /** The flags of some items, without who flagged (staff decide on the reason, not on the person). */
  async flags(kind: FlaggableKind, ids: number[]) {
    if (!ids.length) return [];
    const t = TABLES[kind];
    const r = await sql<{ item_id: number; reason: string; created_at: Date; settled_at: Date | null; decision: 'hidden' | 'dismissed' | null }>`
      select ${sql.ref(t.fk)} as item_id, reason, created_at, settled_at, decision from ${sql.table(t.flags)}
      where ${sql.ref(t.fk)} in (${sql.join(ids)}) order by created_at`.execute(this.db);
    return r.rows.map((x) => ({ ...x, item_id: Number(x.item_id) }));
  }

  /** How many items wait in the open queue (the console's counter). */
  async openCount(tenantId: number) {
    let n = 0;
    for (const kind of ['comment', 'proposal'] as const) {
      const t = TABLES[kind];
      const r = await sql<{ n: string }>`
        select count(*) as n from ${sql.table(t.items)} c
        where c.tenant_id = ${tenantId} and c.hidden_at is null
          and exists (select 1 from ${sql.table(t.flags)} f where ${sql.ref(`f.${t.fk}`)} = c.id and f.settled_at is null)`.execute(this.db);
      n += Number(r.rows[0]?.n ?? 0);
    }
    return n;
  }

  /** The item, locked for the decision (undefined when it is not in this city). */
  async lock(trx: Transaction<Database>, kind: FlaggableKind, tenantId: number, id: number) {
    const r = await sql<{ id: number; hidden_at: Date | null; hidden_reason: string | null; text: string }>`
      select id, hidden_at, hidden_reason, ${kind === 'comment' ? sql`body` : sql`title || E'\n\n' || body`} as text
      from ${sql.table(TABLES[kind].items)} where tenant_id = ${tenantId} and id = ${id} for update`.execute(trx);
    return r.rows[0];
  }

  async setHidden(trx: Transaction<Database>, kind: FlaggableKind, id: number, hidden: { reason: string; by: string | null } | null) {
    await sql`update ${sql.table(TABLES[kind].items)}
      set hidden_at = ${hidden ? new Date() : null}, hidden_reason = ${hidden?.reason ?? null}, hidden_by = ${hidden?.by ?? null}
      where id = ${id}`.execute(trx);
  }

  /** Settles the item's open flags with the decision; answers how many were open. */
  async settleFlags(trx: Transaction<Database>, kind: FlaggableKind, id: number, decision: 'hidden' | 'dismissed', by: string | null) {
    const t = TABLES[kind];
    const r = await sql`update ${sql.table(t.flags)} set settled_at = now(), decision = ${decision}, settled_by = ${by}
      where ${sql.ref(t.fk)} = ${id} and settled_at is null`.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  }

  /** A person flags a shown proposal of the city (false when it is not there or hidden); a second flag by the same person: a unique violation. */
  async flagProposal(tenantId: number, proposalId: number, userId: string, reason: string): Promise<boolean> {
    const r = await sql`insert into participation_proposal_flags (proposal_id, user_id, reason)
      select id, ${userId}, ${reason} from participation_proposals where tenant_id = ${tenantId} and id = ${proposalId} and hidden_at is null and state <> 'withdrawn'`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) > 0;
  }
}
