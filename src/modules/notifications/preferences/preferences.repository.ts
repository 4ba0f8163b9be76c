import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import '../notifications.tables.js';

/** A person's choices per kind of notification: channels and e-mail frequency. */
export class PreferencesRepository {
  constructor(readonly db: Db) {}

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
}
