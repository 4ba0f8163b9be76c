/** The only place that builds SQL for groups and their members. Write methods take the transaction. */
import type { Insertable, Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';

export type GroupRow = NonNullable<Awaited<ReturnType<GroupsRepository['byKey']>>>;
export type GroupMemberRow = NonNullable<Awaited<ReturnType<GroupsRepository['memberById']>>>;

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  byKey(tenantId: number, key: string | number, q: Q = this.db) {
    const qb = q.selectFrom('directory_groups').selectAll().where('tenant_id', '=', tenantId);
    return (typeof key === 'number' || /^\d+$/.test(key) ? qb.where('id', '=', Number(key)) : qb.where('slug', '=', key)).executeTakeFirst();
  }
  byIds(ids: number[], q: Q = this.db) {
    if (!ids.length) return Promise.resolve([]);
    return q.selectFrom('directory_groups').selectAll().where('id', 'in', ids).execute();
  }
  list(tenantId: number, f: { kind?: string | undefined; strategyCode?: string | undefined; visibleTo: number[] | 'all' }) {
    let qb = this.db.selectFrom('directory_groups').selectAll().where('tenant_id', '=', tenantId);
    if (f.kind) qb = qb.where('kind', '=', f.kind);
    if (f.strategyCode) qb = qb.where('strategy_code', '=', f.strategyCode);
    if (f.visibleTo !== 'all') {
      const ids = f.visibleTo;
      qb = qb.where((e) => (ids.length ? e.or([e('visibility', '=', 'public'), e('id', 'in', ids)]) : e('visibility', '=', 'public')));
    }
    return qb.orderBy('kind').orderBy('slug').execute();
  }
  activeCounts(groupIds: number[]) {
    if (!groupIds.length) return Promise.resolve([]);
    return this.db.selectFrom('directory_group_members').select(['group_id', (e) => e.fn.countAll<number>().as('n')]).where('group_id', 'in', groupIds).where('status', '=', 'active').groupBy('group_id').execute();
  }
  insert(trx: Q, row: Insertable<Database['directory_groups']>) {
    return trx.insertInto('directory_groups').values(row).returningAll().executeTakeFirstOrThrow();
  }
  update(trx: Q, id: number, patch: Updateable<Database['directory_groups']>) {
    return trx.updateTable('directory_groups').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  members(groupId: number, q: Q = this.db) {
    return q.selectFrom('directory_group_members').selectAll().where('group_id', '=', groupId).orderBy('id').execute();
  }
  memberById(groupId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_group_members').selectAll().where('group_id', '=', groupId).where('id', '=', id).executeTakeFirst();
  }
  /** The person's own rows (as a person, or through organisations they belong to). */
  mine(groupId: number, userId: string, orgIds: number[], q: Q = this.db) {
    return q
      .selectFrom('directory_group_members')
      .selectAll()
      .where('group_id', '=', groupId)
      .where((e) => (orgIds.length ? e.or([e.and([e('user_id', '=', userId), e('organisation_id', 'is', null)]), e('organisation_id', 'in', orgIds)]) : e.and([e('user_id', '=', userId), e('organisation_id', 'is', null)])))
      .execute();
  }
  /** Groups where the person is an active member (themselves or through an organisation). */
  async groupsOf(userId: string, orgIds: number[], q: Q = this.db): Promise<number[]> {
    const rows = await q
      .selectFrom('directory_group_members')
      .select('group_id')
      .where('status', '=', 'active')
      .where((e) => (orgIds.length ? e.or([e('user_id', '=', userId), e('organisation_id', 'in', orgIds)]) : e('user_id', '=', userId)))
      .execute();
    return [...new Set(rows.map((r) => r.group_id))];
  }
  async groupsOfOrganisation(orgId: number): Promise<number[]> {
    return (await this.db.selectFrom('directory_group_members').select('group_id').where('organisation_id', '=', orgId).where('status', '=', 'active').execute()).map((r) => r.group_id);
  }
  /** Active members' account ids (people, and whoever requested an organisation's membership) for notifications. */
  async activeUserIds(groupId: number, q: Q = this.db): Promise<string[]> {
    const rows = await q.selectFrom('directory_group_members').select('user_id').where('group_id', '=', groupId).where('status', '=', 'active').where('user_id', 'is not', null).execute();
    return [...new Set(rows.map((r) => r.user_id!))];
  }
  insertMember(trx: Q, row: Insertable<Database['directory_group_members']>) {
    return trx.insertInto('directory_group_members').values(row).returningAll().executeTakeFirstOrThrow();
  }
  updateMember(trx: Q, id: number, patch: Updateable<Database['directory_group_members']>) {
    return trx.updateTable('directory_group_members').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
  /** Account deletion: the person's own rows lose their link and consent; the seat stays as "former member". */
  anonymise(trx: Q, userId: string) {
    return trx.updateTable('directory_group_members').set({ user_id: null, public: false, message: null, anonymised: true }).where('user_id', '=', userId).execute();
  }
}
