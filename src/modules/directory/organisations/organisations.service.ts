/**
 * Organisations and the NGO register: anyone signed in registers one (and becomes its admin), staff verify
 * it, its admins manage it and its members. Claims of open actions are in organisations.claims.service.ts.
 */
import type { Actor } from '../../../core/actor.js';
import { conflict, forbidden, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import { type ProcessedImage, storeFiles } from '../../../core/images.js';
import type { StoredObject } from '../../../core/storage.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { type Q, checkPoint, isStaff, record, requireStaff, userId, maybeUserId, type DirectoryDeps } from '../directory.common.js';
import { type MyRole, organisationPolicy as can } from './organisations.policy.js';
import { type OrganisationRow, OrganisationsRepository } from './organisations.repository.js';
import type { OrganisationCreateInput, OrganisationListFilters, OrganisationUpdateInput } from './organisations.schemas.js';

export type OrganisationsDeps = DirectoryDeps<'storage' | 'users' | 'modules'>;

export class OrganisationsService {
  readonly repo: OrganisationsRepository;
  constructor(private readonly deps: OrganisationsDeps) {
    this.repo = new OrganisationsRepository(deps.db);
  }
  private get db() {
    return this.deps.db;
  }
  /** the storage key folder of logos (URBIA_DATA_DIR/uploads/directory with the local backend) */
  static readonly LOGO_PREFIX = 'uploads/directory';

  async get(tenantId: number, id: number): Promise<OrganisationRow> {
    const o = await this.repo.byId(tenantId, id);
    if (!o) throw notFound('organisation');
    return o;
  }

  list(tenantId: number, f: OrganisationListFilters) {
    return this.repo.list(tenantId, f);
  }

  async myRole(actor: Actor, orgId: number): Promise<{ role: MyRole; pending: boolean }> {
    const uid = maybeUserId(actor);
    if (!uid) return { role: null, pending: false };
    const m = await this.repo.member(orgId, uid);
    return { role: m?.status === 'active' ? m.role : null, pending: m?.status === 'requested' };
  }

  /** Organisation ids the person is an active member of (for other resources' rules: groups, claims). */
  orgsOf(actor: Actor, adminOnly = false): Promise<number[]> {
    const uid = maybeUserId(actor);
    return uid ? this.repo.orgsOf(uid, adminOnly) : Promise.resolve([]);
  }

  /** An organisation with its members as the caller may see them (names only; never e-mail addresses). */
  async detail(actor: Actor, tenant: TenantRow, id: number) {
    const o = await this.get(tenant.id, id);
    const { role, pending } = await this.myRole(actor, id);
    const seePrivate = can.seePrivate(actor, tenant.id, role);
    const members = [];
    for (const m of await this.repo.members(id)) {
      if (!seePrivate && !(m.public && m.status === 'active') && m.user_id !== maybeUserId(actor)) continue;
      const c = await this.deps.users.contact(m.user_id);
      members.push({ userId: seePrivate || m.user_id === maybeUserId(actor) ? m.user_id : null, name: c?.displayName ?? '—', role: m.role, status: m.status, public: m.public });
    }
    return {
      org: o,
      seePrivate,
      members,
      myRole: role,
      abilities: { edit: can.edit(actor, tenant.id, role), verify: can.verify(actor, tenant.id), manageMembers: can.manageMembers(actor, tenant.id, role), join: can.join(actor, role, pending), claim: can.claim(role) },
    };
  }

  private async checkCodes(tenant: TenantRow, codes: string[] | undefined) {
    const strategy = this.deps.modules.strategy;
    if (!codes?.length || !strategy) return;
    const tree = await strategy.tree(tenant, { kind: 'system' }).catch(() => undefined);
    if (!tree) return;
    const known = new Set<string>();
    for (const p of tree.pillars) {
      known.add(p.code);
      for (const c of (p as { children?: { code: string }[] }).children ?? []) known.add(c.code);
    }
    const bad = codes.findIndex((c) => !known.has(c));
    if (bad >= 0) throw validationFailed([{ field: `strategyCodes[${bad}]`, message: 'Not an ambition or objective of this strategy.' }]);
  }

  async register(actor: Actor, tenant: TenantRow, input: OrganisationCreateInput): Promise<OrganisationRow> {
    const uid = userId(actor);
    checkPoint(tenant, input.lat, input.lon);
    await this.checkCodes(tenant, input.strategyCodes);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const o = await this.repo.insert(trx, {
          tenant_id: tenant.id,
          name: JSON.stringify(input.name),
          helix: input.helix,
          kind: input.kind,
          cui: input.cui ?? null,
          ngo_registry_number: input.ngoRegistryNumber ?? null,
          legal_form: input.legalForm ?? null,
          domains: input.domains,
          public_utility: input.publicUtility,
          address: input.address ?? null,
          lat: input.lat ?? null,
          lon: input.lon ?? null,
          website: input.website ?? null,
          contact_email: input.contactEmail ?? null,
          contact_phone: input.contactPhone ?? null,
          contact_public: input.contactPublic,
          logo_file: null,
          strategy_codes: input.strategyCodes,
          verified_at: null,
          verified_by: null,
          created_by: uid,
        });
        await this.repo.addMember(trx, { organisation_id: o.id, user_id: uid, role: 'admin', status: 'active', public: false });
        await this.syncRole(trx, actor, tenant, uid);
        await record(trx, actor, tenant, 'directory.organisation.registered', { type: 'directory_organisation', id: o.id, after: input }, { organisationId: o.id, name: input.name, kind: input.kind, byUserId: uid });
        return o;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('An organisation with this CUI is already registered.', 'cui_taken');
      throw e;
    }
  }

  async update(actor: Actor, tenant: TenantRow, id: number, input: OrganisationUpdateInput): Promise<OrganisationRow> {
    const { role } = await this.myRole(actor, id);
    const before = await this.get(tenant.id, id);
    if (!can.edit(actor, tenant.id, role)) throw forbidden('Only the organisation\'s admins or the city staff can edit it.');
    const lat = input.lat === undefined ? before.lat : input.lat;
    const lon = input.lon === undefined ? before.lon : input.lon;
    checkPoint(tenant, lat, lon);
    await this.checkCodes(tenant, input.strategyCodes);
    const patch: Record<string, unknown> = {};
    const map: [keyof OrganisationUpdateInput, string][] = [
      ['helix', 'helix'], ['kind', 'kind'], ['cui', 'cui'], ['ngoRegistryNumber', 'ngo_registry_number'], ['legalForm', 'legal_form'], ['domains', 'domains'],
      ['publicUtility', 'public_utility'], ['address', 'address'], ['lat', 'lat'], ['lon', 'lon'], ['website', 'website'], ['contactEmail', 'contact_email'],
      ['contactPhone', 'contact_phone'], ['contactPublic', 'contact_public'], ['strategyCodes', 'strategy_codes'],
    ];
    for (const [k, col] of map) if (input[k] !== undefined) patch[col] = input[k];
    if (input.name) patch.name = JSON.stringify(input.name);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const o = await this.repo.update(trx, id, patch);
        await record(trx, actor, tenant, 'directory.organisation.updated', { type: 'directory_organisation', id, before, after: input }, { organisationId: id, name: o.name as Multiloc, fields: Object.keys(input) });
        return o;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('An organisation with this CUI is already registered.', 'cui_taken');
      throw e;
    }
  }

  async verify(actor: Actor, tenant: TenantRow, id: number, verified: boolean): Promise<OrganisationRow> {
    requireStaff(actor, tenant.id);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repo.lock(trx, tenant.id, id);
      if (!before) throw notFound('organisation');
      const o = await this.repo.update(trx, id, { verified_at: verified ? new Date() : null, verified_by: verified ? maybeUserId(actor) ?? null : null });
      const admins = (await this.repo.members(id, trx)).filter((m) => m.role === 'admin' && m.status === 'active').map((m) => m.user_id);
      await record(trx, actor, tenant, 'directory.organisation.verified', { type: 'directory_organisation', id, before: { verified: !!before.verified_at }, after: { verified } }, { organisationId: id, name: o.name as Multiloc, verified, adminIds: admins });
      return o;
    });
  }

  async setLogo(actor: Actor, tenant: TenantRow, id: number, image: ProcessedImage): Promise<void> {
    const { role } = await this.myRole(actor, id);
    const before = await this.get(tenant.id, id);
    if (!can.edit(actor, tenant.id, role)) throw forbidden('Only the organisation\'s admins or the city staff can change its logo.');
    const undo = await storeFiles(this.deps.storage, OrganisationsService.LOGO_PREFIX, [image]);
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.repo.update(trx, id, { logo_file: image.fileName });
        await record(trx, actor, tenant, 'directory.organisation.updated', { type: 'directory_organisation', id, before: { logo: before.logo_file }, after: { logo: image.fileName } }, { organisationId: id, name: before.name as Multiloc, fields: ['logo'] });
      });
    } catch (e) {
      await undo();
      throw e;
    }
    if (before.logo_file) await this.deps.storage.delete(`${OrganisationsService.LOGO_PREFIX}/${before.logo_file}`).catch(() => undefined);
  }

  /** The logo's file (a missing one, on disk or in the bucket, is a 404 too). */
  async logo(tenantId: number, id: number): Promise<StoredObject> {
    const o = await this.get(tenantId, id);
    if (!o.logo_file) throw notFound('logo');
    return this.deps.storage.get(`${OrganisationsService.LOGO_PREFIX}/${o.logo_file}`, { what: 'logo' });
  }

  // ---------------------------------------------------------------- members

  /**
   * The platform role `organisation` ("organisation member") is held in a city exactly while the person is an
   * active member or admin of one of its organisations: granted when they become one, withdrawn when they
   * leave the last; in the membership change's transaction, audited by the users module.
   */
  private async syncRole(trx: Q, actor: Actor, tenant: TenantRow, uid: string): Promise<void> {
    await this.deps.users.syncDerivedRole(trx, actor, tenant.id, uid, 'organisation', await this.repo.isActiveMemberIn(trx, tenant.id, uid), 'directory.organisation.membership');
  }

  /** Asks to join (active at once for nobody: an admin approves); `public` is the person's consent to be listed. */
  async join(actor: Actor, tenant: TenantRow, id: number, pub: boolean): Promise<void> {
    const uid = userId(actor);
    await this.get(tenant.id, id);
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.repo.addMember(trx, { organisation_id: id, user_id: uid, role: 'member', status: 'requested', public: pub });
        await record(trx, actor, tenant, 'directory.organisation.membershipChanged', { type: 'directory_organisation_member', id: `${id}:${uid}`, after: { status: 'requested', public: pub } }, { organisationId: id, userId: uid, role: 'member', status: 'requested' });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You are already a member or have asked to join.', 'already_member');
      throw e;
    }
  }

  /** Admins approve requests and change roles; a person may change only their own consent to be listed. */
  async updateMember(actor: Actor, tenant: TenantRow, id: number, memberId: string, patch: { role?: 'admin' | 'member' | undefined; status?: 'active' | undefined; public?: boolean | undefined }): Promise<void> {
    await this.get(tenant.id, id);
    const { role } = await this.myRole(actor, id);
    const self = maybeUserId(actor) === memberId;
    const manage = can.manageMembers(actor, tenant.id, role);
    if (!manage && !(self && patch.role === undefined && patch.status === undefined)) throw forbidden('Only the organisation\'s admins can change its members.');
    if (patch.public !== undefined && !self && !isStaff(actor, tenant.id)) throw forbidden('Only the person can give or withdraw consent to be listed.');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.member(id, memberId, trx);
      if (!before) throw notFound('member');
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      await this.repo.updateMember(trx, id, memberId, clean);
      if (patch.role === 'member' && before.role === 'admin' && Number((await this.repo.countAdmins(trx, id)).n) === 0) throw conflict('An organisation keeps at least one admin.', 'last_admin');
      await record(trx, actor, tenant, 'directory.organisation.membershipChanged', { type: 'directory_organisation_member', id: `${id}:${memberId}`, before, after: clean }, { organisationId: id, userId: memberId, role: patch.role ?? before.role, status: patch.status ?? before.status });
      await this.syncRole(trx, actor, tenant, memberId);
    });
  }

  async removeMember(actor: Actor, tenant: TenantRow, id: number, memberId: string): Promise<void> {
    await this.get(tenant.id, id);
    const { role } = await this.myRole(actor, id);
    if (!can.manageMembers(actor, tenant.id, role) && maybeUserId(actor) !== memberId) throw forbidden('Only the organisation\'s admins can remove members.');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.member(id, memberId, trx);
      if (!before) throw notFound('member');
      await this.repo.removeMember(trx, id, memberId);
      if (before.role === 'admin' && Number((await this.repo.countAdmins(trx, id)).n) === 0) throw conflict('An organisation keeps at least one admin.', 'last_admin');
      await record(trx, actor, tenant, 'directory.organisation.membershipChanged', { type: 'directory_organisation_member', id: `${id}:${memberId}`, before }, { organisationId: id, userId: memberId, role: null, status: null });
      await this.syncRole(trx, actor, tenant, memberId);
    });
  }

  engagedActors(tenantId: number, from: string, to: string) {
    return this.repo.engagedActors(tenantId, from, to);
  }

  /** Account deletion: memberships removed. */
  async anonymiseUser(trx: Parameters<OrganisationsRepository['removeUser']>[0], uid: string) {
    await this.repo.removeUser(trx, uid);
  }
}
