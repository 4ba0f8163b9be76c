/** Push subscriptions (one per device) and the server's VAPID key pair. */
import type { Db } from '../../../core/db.js';

export interface SubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
}

export class PushRepository {
  constructor(private readonly db: Db) {}

  vapidKeys() {
    return this.db.selectFrom('notifications_vapid_keys').select(['public_key', 'private_key']).where('id', '=', 1).executeTakeFirst();
  }

  /** Stores a key pair unless one exists (two processes starting at once keep the first); returns the stored one. */
  async saveVapidKeys(keys: { publicKey: string; privateKey: string }) {
    await this.db.insertInto('notifications_vapid_keys').values({ id: 1, public_key: keys.publicKey, private_key: keys.privateKey }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return (await this.vapidKeys())!;
  }

  /** A device's subscription; the same endpoint again (new keys, or another account on the device) replaces it. */
  async upsert(userId: string, s: SubscriptionInput): Promise<string> {
    const row = await this.db
      .insertInto('notifications_push_subscriptions')
      .values({ user_id: userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, user_agent: s.userAgent })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: userId, p256dh: s.p256dh, auth: s.auth, user_agent: s.userAgent, created_at: new Date() }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  async remove(userId: string, endpoint: string): Promise<boolean> {
    const r = await this.db.deleteFrom('notifications_push_subscriptions').where('user_id', '=', userId).where('endpoint', '=', endpoint).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  byId(id: string) {
    return this.db.selectFrom('notifications_push_subscriptions').select(['id', 'user_id', 'endpoint', 'p256dh', 'auth']).where('id', '=', Number(id)).executeTakeFirst();
  }

  /** The push service said the subscription is gone (404/410). */
  async removeById(id: number): Promise<void> {
    await this.db.deleteFrom('notifications_push_subscriptions').where('id', '=', id).execute();
  }

  async markSent(id: number): Promise<void> {
    await this.db.updateTable('notifications_push_subscriptions').set({ last_sent_at: new Date() }).where('id', '=', id).execute();
  }

  listForUser(userId: string) {
    return this.db.selectFrom('notifications_push_subscriptions').select(['id', 'endpoint', 'user_agent', 'created_at', 'last_sent_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  }

  dropUser(userId: string) {
    return this.db.deleteFrom('notifications_push_subscriptions').where('user_id', '=', userId).execute();
  }
}
