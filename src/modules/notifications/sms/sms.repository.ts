/** Phone numbers (with their verification code) and each city's SMS gateway. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';

type Q = Transaction<Database> | Kysely<Database>;

export class SmsRepository {
  constructor(private readonly db: Db) {}

  phone(userId: string) {
    return this.db.selectFrom('notifications_phones').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** A new number (or a new code for it): unverified until the code comes back. */
  async setPending(trx: Q, userId: string, phone: string, codeHash: string, expiresAt: Date): Promise<void> {
    await trx
      .insertInto('notifications_phones')
      .values({ user_id: userId, phone, code_hash: codeHash, code_expires_at: expiresAt, code_attempts: 0, verified_at: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ phone, code_hash: codeHash, code_expires_at: expiresAt, code_attempts: 0, verified_at: null }))
      .execute();
  }

  async countAttempt(userId: string): Promise<void> {
    await this.db.updateTable('notifications_phones').set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) })).where('user_id', '=', userId).execute();
  }

  async verify(userId: string): Promise<void> {
    await this.db.updateTable('notifications_phones').set({ verified_at: new Date(), code_hash: null, code_expires_at: null }).where('user_id', '=', userId).execute();
  }

  async remove(userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('notifications_phones').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  gateway(tenantId: number) {
    return this.db.selectFrom('notifications_sms_gateways').select(['url', 'secret', 'updated_at']).where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  async setGateway(trx: Q, tenantId: number, url: string, secret: string): Promise<void> {
    await trx
      .insertInto('notifications_sms_gateways')
      .values({ tenant_id: tenantId, url, secret })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ url, secret, updated_at: new Date() }))
      .execute();
  }
}
