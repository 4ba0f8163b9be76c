/** The only place that builds SQL for city events and who follows them. Write methods take the transaction. */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';

export type EventRow = NonNullable<Awaited<ReturnType<EventsRepository['byId']>>>;

export class EventsRepository {
  constructor(private readonly db: Db) {}

  byId(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_events').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
  list(tenantId: number, f: { from?: Date | undefined; to?: Date | undefined; kinds?: string[] | undefined; strategyCode?: string | undefined; groupId?: number | undefined; organisationId?: number | undefined; ids?: number[] | undefined }) {
    let qb = this.db.selectFrom('directory_events').selectAll().where('tenant_id', '=', tenantId);
    if (f.from) qb = qb.where('ends_at', '>=', f.from);
    if (f.to) qb = qb.where('starts_at', '<', f.to);
    if (f.kinds) qb = qb.where('kind', 'in', f.kinds.length ? f.kinds : ['-']);
    if (f.strategyCode) qb = qb.where('strategy_code', '=', f.strategyCode);
    if (f.groupId) qb = qb.where('group_id', '=', f.groupId);
    if (f.organisationId) qb = qb.where('organisation_id', '=', f.organisationId);
    if (f.ids) qb = qb.where('id', 'in', f.ids.length ? f.ids : [0]);
    return qb.orderBy('starts_at').execute();
  }
  /** Events by id in any city (the personal feed spans cities). */
  byIds(ids: number[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('directory_events').selectAll().where('id', 'in', ids).orderBy('starts_at').execute();
  }
  insert(trx: Q, row: Insertable<Database['directory_events']>) {
    return trx.insertInto('directory_events').values(row).returningAll().executeTakeFirstOrThrow();
  }
  /** Every change bumps SEQUENCE (RFC 5545 §3.8.7.4), so calendar clients replace their copy. */
  update(trx: Q, id: number, patch: Updateable<Database['directory_events']>) {
    return trx.updateTable('directory_events').set({ ...patch, updated_at: new Date(), sequence: sql<number>`sequence + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
  lock(trx: Q, tenantId: number, id: number) {
    return trx.selectFrom('directory_events').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }
  follow(trx: Q, eventId: number, userId: string, on: boolean) {
    return on
      ? trx.insertInto('directory_event_follows').values({ event_id: eventId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute()
      : trx.deleteFrom('directory_event_follows').where('event_id', '=', eventId).where('user_id', '=', userId).execute();
  }
  async isFollowing(eventId: number, userId: string) {
    return !!(await this.db.selectFrom('directory_event_follows').select('event_id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst());
  }
  async followedBy(userId: string): Promise<number[]> {
    return (await this.db.selectFrom('directory_event_follows').select('event_id').where('user_id', '=', userId).execute()).map((r) => r.event_id);
  }
  /** Account deletion: the person's follows go. */
  removeUser(trx: Q, userId: string) {
    return trx.deleteFrom('directory_event_follows').where('user_id', '=', userId).execute();
  }
  async followers(trx: Q, eventId: number): Promise<string[]> {
    return (await trx.selectFrom('directory_event_follows').select('user_id').where('event_id', '=', eventId).execute()).map((r) => r.user_id);
  }
}
