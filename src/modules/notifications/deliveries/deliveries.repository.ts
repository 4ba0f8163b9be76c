/** The delivery log of the push and SMS channels: what each person was sent, and what failed or went away. */
import type { Database, Db } from '../../../core/db.js';

/** A delivery to log: the table's own columns (notifications.tables.ts), with the two ids named as callers name them. */
export interface DeliveryRow extends Pick<Database['notifications_deliveries'], 'channel' | 'kind' | 'target' | 'status' | 'attempts' | 'error'> {
  userId: string;
  /** the outbox event that carried it: one log row per event, however often the handler ran */
  eventId: number;
}

export class DeliveriesRepository {
  constructor(private readonly db: Db) {}

  async record(d: DeliveryRow): Promise<void> {
    await this.db
      .insertInto('notifications_deliveries')
      .values({ user_id: d.userId, channel: d.channel, kind: d.kind, target: d.target, status: d.status, attempts: d.attempts, error: d.error?.slice(0, 500) ?? null, event_id: d.eventId })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }

  listForUser(userId: string, limit = 100) {
    return this.db
      .selectFrom('notifications_deliveries')
      .select(['id', 'channel', 'kind', 'target', 'status', 'attempts', 'error', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  dropUser(userId: string) {
    return this.db.deleteFrom('notifications_deliveries').where('user_id', '=', userId).execute();
  }
}
