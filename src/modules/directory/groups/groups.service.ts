/**
 * Groups: staff create them; people and organisations ask to join (a closed group refuses); coordinators
 * (or staff) approve, decline and set positions. A members-only group is visible to its members and staff.
 */
import type { Actor } from '../../../core/actor.js';
import { AppError, conflict, forbidden, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { isStaff, maybeUserId, record, requireStaff, userId, type Q, type DirectoryDeps } from '../directory.common.js';
import { groupPolicy as can, type GroupStanding } from './groups.policy.js';
import { type GroupRow, GroupsRepository } from './groups.repository.js';
import type { GroupCreateInput, GroupUpdateInput } from './groups.schemas.js';

export type GroupsDeps = DirectoryDeps<'users' | 'notifications' | 'organisations' | 'modules'>;

export class GroupsService {
  readonly repo: GroupsRepository;
  constructor(private readonly deps: GroupsDeps) {
    this.repo = new GroupsRepository(deps.db);
  }

  async standing(actor: Actor, groupId: number, q?: Q): Promise<GroupStanding & { rows: Awaited<ReturnType<GroupsRepository['mine']>> }> {
    const uid = maybeUserId(actor);
    if (!uid) return { member: false, coordinator: false, pending: false, rows: [] };
    const orgs = await this.deps.organisations.orgsOf(actor);
    const rows = await this.repo.mine(groupId, uid, orgs, q);
    const active = rows.filter((r) => r.status === 'active');
    return { member: active.length > 0, coordinator: active.some((r) => r.position === 'coordinator' && r.organisation_id === null), pending: rows.some((r) => r.status === 'requested'), rows };
  }

  /** The group if the caller may see it (a members-only group is 404 to others, not 403: its existence is private too). */
  async visible(actor: Actor, tenant: TenantRow, key: string | number) {
    const g = await this.repo.byKey(tenant.id, key);
    if (!g) throw notFound('group');
    const s = await this.standing(actor, g.id);
    if (!can.see(actor, tenant.id, g.visibility, s)) throw notFound('group');
    return { group: g, standing: s };
  }

  async list(actor: Actor, tenant: TenantRow, f: { kind?: string | undefined; strategyCode?: string | undefined }) {
    const rows = await this.repo.list(tenant.id, { ...f, visibleTo: await this.visibleTo(actor, tenant) });
    const counts = new Map((await this.repo.activeCounts(rows.map((r) => r.id))).map((c) => [c.group_id, Number(c.n)]));
    return rows.map((g) => ({ group: g, count: counts.get(g.id) ?? 0 }));
  }

  /** Which members-only groups the caller may see besides the public ones: all (staff), their own, or none. */
  async visibleTo(actor: Actor, tenant: TenantRow): Promise<number[] | 'all'> {
    if (isStaff(actor, tenant.id)) return 'all';
    const uid = maybeUserId(actor);
    return uid ? this.repo.groupsOf(uid, await this.deps.organisations.orgsOf(actor)) : [];
  }

  /** The groups the person belongs to (themselves or through an organisation): for the personal calendar. */
  async groupIdsOf(uid: string): Promise<number[]> {
    return this.repo.groupsOf(uid, await this.deps.organisations.repo.orgsOf(uid));
  }

  async detail(actor: Actor, tenant: TenantRow, key: string) {
    const { group: g, standing: s } = await this.visible(actor, tenant, key);
    const seeRequests = can.seeRequests(actor, tenant.id, s);
    const mineIds = new Set(s.rows.map((r) => r.id));
    const rows = (await this.repo.members(g.id)).filter((m) => (m.status === 'active' ? true : seeRequests || mineIds.has(m.id)));
    const orgs = new Map((await this.deps.organisations.repo.byIds(tenant.id, [...new Set(rows.filter((r) => r.organisation_id).map((r) => r.organisation_id!))])).map((o) => [o.id, (o.name as Multiloc).ro]));
    const members = [];
    for (const m of rows) {
      const mine = mineIds.has(m.id);
      // a person is listed by name only with their consent (or to coordinators and staff); an organisation always
      if (!m.organisation_id && !m.public && !mine && !seeRequests) continue;
      const person = !m.organisation_id && m.user_id ? (await this.deps.users.contact(m.user_id))?.displayName : undefined;
      members.push({ row: m, names: { person, organisation: m.organisation_id ? orgs.get(m.organisation_id) : undefined }, mine });
    }
    const active = rows.filter((r) => r.status === 'active').length;
    const my = s.rows.find((r) => r.organisation_id === null) ?? s.rows[0];
    return {
      group: g,
      count: active,
      members: can.seeMembers(actor, tenant.id, g.visibility, s) ? members : [],
      seeRequests,
      myMembership: my ? { id: my.id, status: my.status, position: my.position } : null,
      abilities: { edit: can.edit(actor, tenant.id, s), manageMembers: can.manageMembers(actor, tenant.id, s), join: can.join(actor, g.open_to_requests, s), scheduleMeeting: can.scheduleMeeting(actor, tenant.id, s), seeMembers: can.seeMembers(actor, tenant.id, g.visibility, s) },
    };
  }

  private async checkCode(tenant: TenantRow, code: string | null | undefined) {
    if (!code || !this.deps.modules.strategy) return;
    const project = await this.deps.modules.strategy.getProject(tenant.id, code);
    if (project) return;
    const tree = await this.deps.modules.strategy.tree(tenant, { kind: 'system' }).catch(() => undefined);
    if (tree?.pillars.some((p) => p.code === code || p.children.some((c) => c.code === code))) return;
    throw validationFailed([{ field: 'strategyCode', message: 'Not an ambition, objective or project of this strategy.' }]);
  }

  async create(actor: Actor, tenant: TenantRow, input: GroupCreateInput, q?: Q): Promise<GroupRow> {
    requireStaff(actor, tenant.id);
    await this.checkCode(tenant, input.strategyCode);
    const run = async (trx: Q) => {
      const g = await this.repo.insert(trx, {
        tenant_id: tenant.id,
        slug: input.slug,
        kind: input.kind,
        name: JSON.stringify(input.name),
        purpose: JSON.stringify(input.purpose),
        strategy_code: input.strategyCode ?? null,
        composition: input.composition ? JSON.stringify(input.composition) : null,
        links: JSON.stringify(input.links),
        visibility: input.visibility,
        open_to_requests: input.openToRequests,
      });
      await record(trx, actor, tenant, 'directory.group.created', { type: 'directory_group', id: g.id, after: input }, { groupId: g.id, slug: g.slug, name: input.name, kind: input.kind });
      return g;
    };
    try {
      return q ? await run(q) : await this.deps.db.transaction().execute(run);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('A group with this slug exists.', 'slug_taken');
      throw e;
    }
  }

  async update(actor: Actor, tenant: TenantRow, key: string, input: GroupUpdateInput): Promise<GroupRow> {
    const { group: before, standing } = await this.visible(actor, tenant, key);
    if (!can.edit(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff can edit it.');
    if (input.strategyCode) await this.checkCode(tenant, input.strategyCode);
    const patch: Record<string, unknown> = {};
    if (input.name) patch.name = JSON.stringify(input.name);
    if (input.purpose) patch.purpose = JSON.stringify(input.purpose);
    if (input.strategyCode !== undefined) patch.strategy_code = input.strategyCode;
    if (input.composition !== undefined) patch.composition = input.composition ? JSON.stringify(input.composition) : null;
    if (input.links) patch.links = JSON.stringify(input.links);
    if (input.visibility) patch.visibility = input.visibility;
    if (input.openToRequests !== undefined) patch.open_to_requests = input.openToRequests;
    return this.deps.db.transaction().execute(async (trx) => {
      const g = await this.repo.update(trx, before.id, patch);
      await record(trx, actor, tenant, 'directory.group.updated', { type: 'directory_group', id: g.id, before, after: input }, { groupId: g.id, slug: g.slug, fields: Object.keys(input) });
      return g;
    });
  }

  /** A join request, as a person or on behalf of an organisation the person administers. A closed group refuses (409 naming the group). */
  async requestToJoin(actor: Actor, tenant: TenantRow, key: string, input: { organisationId?: number | undefined; message?: string | undefined; public: boolean }) {
    const uid = userId(actor);
    const { group: g } = await this.visible(actor, tenant, key);
    if (!g.open_to_requests) throw new AppError(409, 'group_closed', 'This group does not take join requests; its coordinators invite members.', [{ field: 'group', message: 'closed to join requests', code: 'group_closed' }]);
    if (input.organisationId && !(await this.deps.organisations.orgsOf(actor, true)).includes(input.organisationId))
      throw validationFailed([{ field: 'organisationId', message: 'You can ask only for an organisation you are an admin of.' }]);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const m = await this.repo.insertMember(trx, { group_id: g.id, user_id: uid, organisation_id: input.organisationId ?? null, position: 'member', status: 'requested', public: input.organisationId ? true : input.public, message: input.message ?? null });
        await record(trx, actor, tenant, 'directory.group.membershipChanged', { type: 'directory_group_member', id: m.id, after: { status: 'requested' } }, { groupId: g.id, memberId: m.id, userId: uid, organisationId: m.organisation_id, status: 'requested', position: 'member' });
        return m;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('Already a member, or the request is waiting.', 'already_member');
      throw e;
    }
  }

  /** Coordinators (or staff) approve, decline and set positions; a member changes only their own consent to be listed. */
  async updateMember(actor: Actor, tenant: TenantRow, key: string, memberId: number, patch: { status?: 'active' | 'declined' | undefined; position?: 'coordinator' | 'member' | 'observer' | undefined; public?: boolean | undefined }) {
    const { group: g, standing } = await this.visible(actor, tenant, key);
    const before = await this.repo.memberById(g.id, memberId);
    if (!before) throw notFound('member');
    const own = standing.rows.some((r) => r.id === memberId);
    const manage = can.manageMembers(actor, tenant.id, standing);
    if ((patch.status !== undefined || patch.position !== undefined) && !manage) throw forbidden('Only the group\'s coordinators or the city staff can approve members and set positions.');
    if (patch.public !== undefined && !own) throw forbidden('Only the member can give or withdraw consent to be listed.');
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await this.deps.db.transaction().execute(async (trx) => {
      const m = await this.repo.updateMember(trx, memberId, clean);
      await record(trx, actor, tenant, 'directory.group.membershipChanged', { type: 'directory_group_member', id: memberId, before, after: clean }, { groupId: g.id, memberId, userId: m.user_id, organisationId: m.organisation_id, status: m.status, position: m.position });
      if (patch.status && before.status === 'requested' && m.user_id) {
        const name = g.name as Multiloc;
        await this.deps.notifications.notifyUsers(trx, [m.user_id], tenant.id, (l) => ({
          kind: 'directory.group.membershipChanged',
          subject: { ro: `Cererea de a vă alătura grupului ${name.ro}: ${patch.status === 'active' ? 'aprobată' : 'respinsă'}`, en: `Your request to join ${name.en ?? name.ro} was ${patch.status === 'active' ? 'approved' : 'declined'}`, hu: `Csatlakozási kérelem – ${name.hu ?? name.ro}: ${patch.status === 'active' ? 'jóváhagyva' : 'elutasítva'}` }[l],
          body: name[l] ?? name.ro,
          link: `/${tenant.slug}/groups/${g.slug}`,
        }));
      }
    });
  }

  /** Account deletion: the person's seats become "former member", without name or consent. */
  async anonymiseUser(trx: Q, uid: string) {
    await this.repo.anonymise(trx, uid);
  }
}
