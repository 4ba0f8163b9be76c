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

  preferences(userId: string) {
    return this.db.selectFrom('notifications_preferences').selectAll().where('user_id', '=', userId).execute();
  }

  async savePreferences(trx: Transaction<Database>, userId: string, rows: { kind: string; inbox: boolean; email: boolean; push: boolean; sms: boolean; email_frequency: 'immediate' | 'daily' | 'weekly' | 'off' }[]): Promise<void> {
    if (!rows.length) return;
    await trx
      .insertInto('notifications_preferences')
      .values(rows.map((r) => ({ ...r, user_id: userId })))
      .onConflict((oc) =>
        oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
          inbox: eb.ref('excluded.inbox'),
          email: eb.ref('excluded.email'),
          push: eb.ref('excluded.push'),
          sms: eb.ref('excluded.sms'),
          email_frequency: eb.ref('excluded.email_frequency'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }

  /** Digest items due (created before `now`), locked for this transaction, with each person's address and language. */
  dueDigestItems(trx: Transaction<Database>, frequency: 'daily' | 'weekly', now: Date, tenantId?: number) {
    let q = trx
      .selectFrom('notifications_digest_items as d')
      .innerJoin('users as u', 'u.id', 'd.user_id')
      .select(['d.id', 'd.user_id', 'd.tenant_id', 'd.thing_kind', 'd.thing_id', 'd.subject', 'd.body', 'd.link', 'd.created_at', 'u.email', 'u.locale'])
      .where('d.frequency', '=', frequency)
      .where('d.sent_at', 'is', null)
      .where('d.created_at', '<=', now)
      .where('u.deleted_at', 'is', null);
    if (tenantId !== undefined) q = q.where('d.tenant_id', '=', tenantId);
    return q.orderBy('d.user_id').orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').forUpdate().skipLocked().execute();
  }

  /** Every city with its digest hour, zone and weekly day (defaults where none was set). */
  digestSchedules() {
    return this.db
      .selectFrom('tenants as t')
      .leftJoin('notifications_digest_settings as s', 's.tenant_id', 't.id')
      .select(['t.id as tenant_id', sql<number>`coalesce(s.hour, 8)`.as('hour'), sql<string>`coalesce(s.time_zone, 'Europe/Bucharest')`.as('time_zone'), sql<number>`coalesce(s.weekly_day, 1)`.as('weekly_day')])
      .orderBy('t.id')
      .execute();
  }

  async saveDigestSchedule(trx: Transaction<Database>, tenantId: number, s: { hour: number; time_zone: string; weekly_day: number }): Promise<void> {
    await trx
      .insertInto('notifications_digest_settings')
      .values({ tenant_id: tenantId, ...s })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...s, updated_at: sql<Date>`now()` }))
      .execute();
  }

  /**
   * Claims one city's digest run for a period: true for exactly one caller. A second process inserting the
   * same key waits for the first one's transaction and then finds the row (PostgreSQL), so nothing is sent twice.
   */
  async claimDigestRun(trx: Transaction<Database>, tenantId: number, frequency: 'daily' | 'weekly', period: string): Promise<boolean> {
    return !!(await trx.insertInto('notifications_digest_runs').values({ tenant_id: tenantId, frequency, period }).onConflict((oc) => oc.doNothing()).returning('period').executeTakeFirst());
  }

  async finishDigestRun(trx: Transaction<Database>, tenantId: number, frequency: 'daily' | 'weekly', period: string, people: number): Promise<void> {
    await trx.updateTable('notifications_digest_runs').set({ people }).where('tenant_id', '=', tenantId).where('frequency', '=', frequency).where('period', '=', period).execute();
  }

  async markDigestSent(trx: Transaction<Database>, ids: string[], now: Date): Promise<void> {
    if (ids.length) await trx.updateTable('notifications_digest_items').set({ sent_at: now }).where('id', 'in', ids.map(Number)).execute();
  }
}
