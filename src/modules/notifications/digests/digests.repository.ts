import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import '../notifications.tables.js';

/** The digest items waiting to be sent, each city's digest schedule, and the runs that claimed each period. */
export class DigestsRepository {
  constructor(readonly db: Db) {}

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
