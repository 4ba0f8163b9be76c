import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './notifications.tables.js';

export type InboxRow = Selectable<Database['notifications_inbox']>;

export class NotificationsRepository {
  /** Everything the hub keeps about a person, for their data export (no tokens, keys or codes). */
  async personalData(q: Kysely<Database> | Transaction<Database>, userId: string) {
    const [follows, preferences, inbox, digestItems, pushSubscriptions, phones] = await Promise.all([
      q.selectFrom('notifications_follows').select(['kind', 'target', 'implicit', 'confirmed_at', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
      q.selectFrom('notifications_preferences').selectAll().where('user_id', '=', userId).execute(),
      q.selectFrom('notifications_inbox').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
      q.selectFrom('notifications_digest_items').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
      q.selectFrom('notifications_push_subscriptions').select(['endpoint', 'created_at']).where('user_id', '=', userId).execute(),
      q.selectFrom('notifications_phones').select(['phone', 'verified_at', 'created_at']).where('user_id', '=', userId).execute(),
    ]);
    return { follows, preferences, inbox, digestItems, pushSubscriptions, phones };
  }

  constructor(readonly db: Db) {}

  /** Address and language of the given accounts (deleted ones left out), read in the caller's transaction. */
  contacts(trx: Transaction<Database> | Kysely<Database>, userIds: string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom('users').select(['id', 'email', 'locale']).where('id', 'in', userIds).where('deleted_at', 'is', null).execute();
  }

  insert(trx: Transaction<Database> | Kysely<Database>, n: { user_id: string; tenant_id: number | null; kind: string; subject: string; body: string; link: string | null }) {
    return trx.insertInto('notifications_inbox').values(n).returning('id').executeTakeFirstOrThrow();
  }

  listForUser(userId: string, limit: number): Promise<InboxRow[]> {
    return this.db.selectFrom('notifications_inbox').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  async countUnread(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('notifications_inbox')
      .set({ read_at: sql`coalesce(read_at, now())` })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
