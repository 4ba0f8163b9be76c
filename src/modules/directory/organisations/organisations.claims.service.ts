/**
 * Claims of open actions: an organisation's members propose to take on an open action (or a project's working
 * group) with a short plan; staff accept or decline, and an accepted claim puts "taken on by …" on the open
 * action's public timeline and tells the organisation's admins. Every change is audited with its event.
 */
import type { Actor } from '../../../core/actor.js';
import type { Db } from '../../../core/db.js';
import { conflict, forbidden, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { ModuleServices } from '../../module.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { isStaff, maybeUserId, record, requireStaff, userId } from '../directory.common.js';
import { organisationPolicy as can } from './organisations.policy.js';
import type { OrganisationsRepository } from './organisations.repository.js';
import type { OrganisationsService } from './organisations.service.js';

export interface ClaimsDeps {
  db: Db;
  organisations: OrganisationsService;
  notifications: NotificationsService;
  modules: Partial<ModuleServices>;
}

/** the claims everyone may see */
const CLAIMS_PUBLIC = ['accepted'];

export class ClaimsService {
  private readonly repo: OrganisationsRepository;
  constructor(private readonly deps: ClaimsDeps) {
    this.repo = deps.organisations.repo;
  }

  private async project(tenant: TenantRow, code: string) {
    const strategy = this.deps.modules.strategy;
    if (!strategy) throw conflict('This installation has no strategy module.', 'no_strategy');
    return strategy.getProject(tenant.id, code);
  }

  async proposeClaim(actor: Actor, tenant: TenantRow, orgId: number, input: { projectCode: string; plan: string }) {
    const uid = userId(actor);
    const org = await this.deps.organisations.get(tenant.id, orgId);
    const { role } = await this.deps.organisations.myRole(actor, orgId);
    if (!can.claim(role)) throw forbidden('Only the organisation\'s members can propose to take on an open action in its name.');
    const p = await this.project(tenant, input.projectCode);
    if (!p) throw validationFailed([{ field: 'projectCode', message: 'No open action or project with this code.' }]);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const c = await this.repo.insertClaim(trx, { tenant_id: tenant.id, organisation_id: orgId, project_code: input.projectCode, plan: input.plan, created_by: uid });
        await record(trx, actor, tenant, 'directory.claim.proposed', { type: 'directory_claim', id: c.id, after: input }, { claimId: c.id, organisationId: orgId, organisationName: org.name as Multiloc, projectCode: input.projectCode });
        return c;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('The organisation already proposed to take on this action.', 'already_claimed');
      throw e;
    }
  }

  /** Staff accept or decline; an accepted claim goes on the open action's public timeline and its admins are notified. */
  async decideClaim(actor: Actor, tenant: TenantRow, claimId: number, status: 'accepted' | 'declined') {
    requireStaff(actor, tenant.id);
    const strategy = this.deps.modules.strategy;
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.repo.lockClaim(trx, tenant.id, claimId);
      if (!before) throw notFound('claim');
      if (before.status !== 'proposed') throw conflict(`The claim is already ${before.status}.`, 'claim_decided');
      const org = (await this.repo.byId(tenant.id, before.organisation_id, trx))!;
      const c = await this.repo.setClaimStatus(trx, claimId, status, maybeUserId(actor) ?? null);
      const name = org.name as Multiloc;
      if (status === 'accepted' && strategy) {
        await strategy.addTimelineEntry(actor, tenant, before.project_code, { text: { ro: `Preluată de ${name.ro}: ${before.plan}`, en: `Taken on by ${name.en ?? name.ro}: ${before.plan}`, hu: `Vállalta: ${name.hu ?? name.ro}: ${before.plan}` } }, trx);
      }
      const admins = (await this.repo.members(org.id, trx)).filter((m) => m.role === 'admin' && m.status === 'active').map((m) => m.user_id);
      await record(trx, actor, tenant, 'directory.claim.decided', { type: 'directory_claim', id: claimId, before: { status: before.status }, after: { status } }, { claimId, organisationId: org.id, organisationName: name, projectCode: before.project_code, status, adminIds: admins });
      await this.deps.notifications.notifyUsers(trx, admins, tenant.id, (l) => ({
        kind: 'directory.claim.decided',
        subject: { ro: `Propunerea de a prelua ${before.project_code}: ${status === 'accepted' ? 'acceptată' : 'respinsă'}`, en: `Your proposal to take on ${before.project_code} was ${status}`, hu: `${before.project_code} vállalása: ${status === 'accepted' ? 'elfogadva' : 'elutasítva'}` }[l],
        body: { ro: `${name.ro} — ${before.project_code}`, en: `${name.en ?? name.ro} — ${before.project_code}`, hu: `${name.hu ?? name.ro} — ${before.project_code}` }[l],
        link: `/${tenant.slug}/projects/${encodeURIComponent(before.project_code)}`,
      }));
      return c;
    });
  }

  async withdrawClaim(actor: Actor, tenant: TenantRow, claimId: number) {
    const c = await this.repo.claim(tenant.id, claimId);
    if (!c) throw notFound('claim');
    const { role } = await this.deps.organisations.myRole(actor, c.organisation_id);
    if (!role) throw forbidden('Only the organisation\'s members can withdraw its claim.');
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.repo.lockClaim(trx, tenant.id, claimId);
      if (before?.status !== 'proposed') throw conflict('Only a claim not yet decided can be withdrawn.', 'claim_decided');
      await this.repo.setClaimStatus(trx, claimId, 'withdrawn', maybeUserId(actor) ?? null);
      await record(trx, actor, tenant, 'directory.claim.decided', { type: 'directory_claim', id: claimId, before: { status: 'proposed' }, after: { status: 'withdrawn' } }, { claimId, organisationId: c.organisation_id, organisationName: { ro: '' }, projectCode: c.project_code, status: 'withdrawn', adminIds: [] });
    });
  }

  /** Claims the caller may see: accepted ones publicly; staff see all; members see their organisations'. */
  async claims(actor: Actor, tenant: TenantRow, f: { project?: string | undefined; organisation?: number | undefined; status?: string | undefined }) {
    const staff = isStaff(actor, tenant.id);
    const own = staff ? [] : await this.deps.organisations.orgsOf(actor);
    const statuses = staff ? undefined : f.status ? (CLAIMS_PUBLIC.includes(f.status) ? [f.status] : []) : CLAIMS_PUBLIC;
    let rows = await this.repo.claims(tenant.id, { project: f.project, organisation: f.organisation, statuses, orgIds: own });
    if (f.status) rows = rows.filter((r) => r.status === f.status);
    const orgs = new Map((await this.repo.byIds(tenant.id, [...new Set(rows.map((r) => r.organisation_id))])).map((o) => [o.id, o]));
    const titles = new Map<string, Multiloc | null>();
    for (const code of new Set(rows.map((r) => r.project_code))) titles.set(code, ((await this.deps.modules.strategy?.getProject(tenant.id, code))?.title as Multiloc | undefined) ?? null);
    return rows.map((r) => ({ row: r, org: orgs.get(r.organisation_id), title: titles.get(r.project_code) ?? null }));
  }
}
