/** The only place that builds SQL for organisations, their members and claims. Write methods take the transaction. */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';
import { NGO_KINDS, type OrganisationListFilters } from './organisations.schemas.js';

export type OrganisationRow = Awaited<ReturnType<OrganisationsRepository['byId']>> & object;
export type OrgInsert = Parameters<OrganisationsRepository['insert']>[1];

export class OrganisationsRepository {
  constructor(private readonly db: Db) {}

  byId(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  byIds(tenantId: number, ids: number[], q: Q = this.db) {
    if (!ids.length) return Promise.resolve([]);
    return q.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  }

  list(tenantId: number, f: OrganisationListFilters) {
    let qb = this.db.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId);
    if (f.ngo) qb = qb.where('kind', 'in', [...NGO_KINDS]);
    if (f.kind) qb = qb.where('kind', '=', f.kind);
    if (f.helix) qb = qb.where('helix', '=', f.helix);
    if (f.domain) qb = qb.where(sql<boolean>`${f.domain} = any(domains)`);
    if (f.verified !== undefined) qb = qb.where('verified_at', f.verified ? 'is not' : 'is', null);
    if (f.publicUtility !== undefined) qb = qb.where('public_utility', '=', f.publicUtility);
    if (f.q) qb = qb.where(sql<boolean>`(name->>'ro' ilike ${'%' + f.q.replace(/[\\%_]/g, '\\$&') + '%'} or coalesce(name->>'en','') ilike ${'%' + f.q.replace(/[\\%_]/g, '\\$&') + '%'} or cui = ${f.q})`);
    return qb.orderBy(sql`lower(name->>'ro')`).orderBy('id').execute();
  }

  insert(trx: Q, row: Omit<import('kysely').Insertable<import('../../../core/db.js').Database['directory_organisations']>, 'id'>) {
    return trx.insertInto('directory_organisations').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(trx: Q, id: number, patch: import('kysely').Updateable<import('../../../core/db.js').Database['directory_organisations']>) {
    return trx.updateTable('directory_organisations').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  lock(trx: Q, tenantId: number, id: number) {
    return trx.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  // ---------- members
  members(orgId: number, q: Q = this.db) {
    return q.selectFrom('directory_organisation_members').selectAll().where('organisation_id', '=', orgId).orderBy('created_at').execute();
  }
  member(orgId: number, userId: string, q: Q = this.db) {
    return q.selectFrom('directory_organisation_members').selectAll().where('organisation_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  }
  addMember(trx: Q, row: { organisation_id: number; user_id: string; role: 'admin' | 'member'; status: 'requested' | 'active'; public: boolean }) {
    return trx.insertInto('directory_organisation_members').values(row).execute();
  }
  updateMember(trx: Q, orgId: number, userId: string, patch: { role?: 'admin' | 'member'; status?: 'active'; public?: boolean }) {
    return trx.updateTable('directory_organisation_members').set(patch).where('organisation_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  }
  removeMember(trx: Q, orgId: number, userId: string) {
    return trx.deleteFrom('directory_organisation_members').where('organisation_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  }
  countAdmins(trx: Q, orgId: number) {
    return trx.selectFrom('directory_organisation_members').select((e) => e.fn.countAll<number>().as('n')).where('organisation_id', '=', orgId).where('role', '=', 'admin').where('status', '=', 'active').executeTakeFirstOrThrow();
  }
  /** Organisation ids where the person is an active member (any role, or admins only). */
  async orgsOf(userId: string, adminOnly = false, q: Q = this.db): Promise<number[]> {
    let qb = q.selectFrom('directory_organisation_members').select('organisation_id').where('user_id', '=', userId).where('status', '=', 'active');
    if (adminOnly) qb = qb.where('role', '=', 'admin');
    return (await qb.execute()).map((r) => r.organisation_id);
  }
  /** Whether the person is an active member (any role) of some organisation of the city — what the platform role `organisation` means. */
  async isActiveMemberIn(trx: Q, tenantId: number, userId: string): Promise<boolean> {
    const r = await trx
      .selectFrom('directory_organisation_members as m')
      .innerJoin('directory_organisations as o', 'o.id', 'm.organisation_id')
      .select('m.organisation_id')
      .where('o.tenant_id', '=', tenantId)
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }
  /** Account deletion: the person's memberships go (an organisation keeps no trace of who they were). */
  removeUser(trx: Q, userId: string) {
    return trx.deleteFrom('directory_organisation_members').where('user_id', '=', userId).execute();
  }

  // ---------- claims
  insertClaim(trx: Q, row: { tenant_id: number; organisation_id: number; project_code: string; plan: string; created_by: string | null }) {
    return trx.insertInto('directory_claims').values(row).returningAll().executeTakeFirstOrThrow();
  }
  claim(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_claims').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
  lockClaim(trx: Q, tenantId: number, id: number) {
    return trx.selectFrom('directory_claims').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }
  setClaimStatus(trx: Q, id: number, status: 'accepted' | 'declined' | 'withdrawn', by: string | null) {
    return trx.updateTable('directory_claims').set({ status, decided_by: by, decided_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
  claims(tenantId: number, f: { project?: string | undefined; organisation?: number | undefined; statuses?: string[] | undefined; orgIds?: number[] | undefined }) {
    let qb = this.db.selectFrom('directory_claims').selectAll().where('tenant_id', '=', tenantId);
    if (f.project) qb = qb.where('project_code', '=', f.project);
    if (f.organisation) qb = qb.where('organisation_id', '=', f.organisation);
    // what the caller may see: the given statuses, plus anything of their own organisations
    if (f.statuses) {
      const statuses = f.statuses as ('proposed' | 'accepted' | 'declined' | 'withdrawn')[];
      const own = f.orgIds ?? [];
      qb = qb.where((e) => (own.length ? e.or([e('status', 'in', statuses), e('organisation_id', 'in', own)]) : e('status', 'in', statuses)));
    }
    return qb.orderBy('created_at', 'desc').execute();
  }
  /** Organisations that took on at least one open action accepted in the period (for the actors-engaged KPI). */
  async engagedActors(tenantId: number, from: string, to: string): Promise<number> {
    const r = await this.db
      .selectFrom('directory_claims')
      .select(sql<number>`count(distinct organisation_id)`.as('n'))
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'accepted')
      .where('decided_at', '>=', new Date(from))
      .where('decided_at', '<', new Date(new Date(to).getTime() + 86_400_000))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
