/** Who holds which role in a city: the members list, the person search, role changes (audited). */
import { type Actor, type Role, ROLES } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Db } from '../../../core/db.js';
import { conflict, notFound } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { UsersRepository } from '../users.repository.js';

export class RolesService {
  constructor(private readonly d: { db: Db; repo: UsersRepository }) {}

  async rolesByTenant(userId: string): Promise<Map<number, Role[]>> {
    const out = new Map<number, Role[]>();
    for (const r of await this.d.repo.rolesOf(userId)) out.set(r.tenant_id, [...(out.get(r.tenant_id) ?? []), r.role]);
    return out;
  }

  countAdmins() {
    return this.d.repo.countAdmins();
  }

  members(tenant: TenantRow) {
    return this.d.repo.members(tenant.id);
  }

  /**
   * The person search of role management. Someone found by name who has no role here yet shows only a
   * masked address, so the search cannot be used to harvest the e-mail addresses of every account.
   */
  async searchPeople(tenant: TenantRow, q: string) {
    const rows = await this.d.repo.searchPeople(tenant.id, q.trim(), 10);
    return rows.map((r) => ({ ...r, email: r.roles.length > 0 || r.email.toLowerCase() === q.trim().toLowerCase() ? r.email : maskEmail(r.email) }));
  }

  async setMemberRoles(actor: Actor, tenant: TenantRow, userId: string, roles: Role[]): Promise<Role[]> {
    const unique = [...new Set(roles)].filter((r) => ROLES.includes(r));
    const repo = this.d.repo;
    return this.d.db.transaction().execute(async (trx) => {
      const user = await repo.byId(userId, trx);
      if (!user) throw notFound('account');
      const before = (await repo.rolesOf(userId, trx)).filter((r) => r.tenant_id === tenant.id).map((r) => r.role).sort();
      if (actor.kind === 'user' && actor.user.id === userId && before.includes('admin') && !unique.includes('admin'))
        throw conflict('You cannot remove your own admin role; ask another admin.', 'self_demotion');
      await repo.setRoles(trx, userId, tenant.id, unique, actor.kind === 'user' ? actor.user.id : null);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.roles.changed', entityType: 'user', entityId: userId, before: { roles: before }, after: { roles: unique.sort() } });
      return unique;
    });
  }

  /**
   * Grants (`hold`) or withdraws a role that another module derives from its own data — the directory's
   * organisation memberships give the role `organisation` — inside that module's transaction, with an audit
   * row when it changes. Returns whether it changed.
   */
  async syncDerivedRole(trx: Parameters<UsersRepository['addRole']>[0], actor: Actor, tenantId: number, userId: string, role: Role, hold: boolean, via: string): Promise<boolean> {
    const has = (await this.d.repo.rolesOf(userId, trx)).some((r) => r.tenant_id === tenantId && r.role === role);
    if (has === hold) return false;
    if (hold) await this.d.repo.addRole(trx, userId, tenantId, role, actor.kind === 'user' ? actor.user.id : null);
    else await this.d.repo.removeRole(trx, userId, tenantId, role);
    await writeAudit(trx, actor, { tenantId, action: hold ? 'users.role.granted' : 'users.role.revoked', entityType: 'user', entityId: userId, after: { role, via } });
    return true;
  }
}

/** "ana.pop@example.org" → "a••••••@example.org": enough to tell two people of the same name apart by domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}${'•'.repeat(Math.min(6, at - 1) || 1)}${email.slice(at)}`;
}
