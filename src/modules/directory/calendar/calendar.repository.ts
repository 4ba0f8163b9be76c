/** The only place that builds SQL for personal calendar tokens (stored as SHA-256 hashes). */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';

export class CalendarRepository {
  constructor(private readonly db: Db) {}
  /**
   * What the city feed depends on in the directory's tables, as one string: it changes whenever an event, a
   * meeting or a group (its visibility) is added, changed or removed.
   */
  async feedVersion(tenantId: number): Promise<string> {
    const r = await sql<{ v: string }>`select concat_ws('/',
        (select concat(count(*), ':', max(updated_at)) from directory_events where tenant_id = ${tenantId}),
        (select concat(count(*), ':', max(updated_at)) from directory_meetings where tenant_id = ${tenantId}),
        (select concat(count(*), ':', max(updated_at)) from directory_groups where tenant_id = ${tenantId})) as v`.execute(this.db);
    return r.rows[0]?.v ?? '';
  }

  async userByTokenHash(hash: string): Promise<string | undefined> {
    return (await this.db.selectFrom('directory_calendar_tokens').select('user_id').where('token_hash', '=', hash).executeTakeFirst())?.user_id;
  }
  async exists(userId: string): Promise<boolean> {
    return !!(await this.db.selectFrom('directory_calendar_tokens').select('user_id').where('user_id', '=', userId).executeTakeFirst());
  }
  /** One token per person: a new one replaces (and so revokes) the old. */
  put(trx: Q, userId: string, hash: string) {
    return trx
      .insertInto('directory_calendar_tokens')
      .values({ user_id: userId, token_hash: hash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hash, created_at: new Date() }))
      .execute();
  }
  remove(trx: Q, userId: string) {
    return trx.deleteFrom('directory_calendar_tokens').where('user_id', '=', userId).execute();
  }
}
