import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ApiKeyPurpose, Role } from '../../core/actor.js';
import type { Database, Db } from '../../core/db.js';
import { cacheChanged } from '../../core/cachebus.js';
import './users.tables.js';

/** The cache-bus topic of a change that may alter a cached session (its account, roles or the session itself). */
export const SESSION_TOPIC = 'users.session';

export type UserRow = Selectable<Database['users']>;
export type ApiKeyRow = Selectable<Database['users_api_keys']>;
type Q = Transaction<Database> | Kysely<Database>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  /**
   * Bumped by every change to an account, its roles or its sessions made through this process (when the
   * statement is sent): UsersService reads a cached session again after it.
   */
  changes = 0;

  /**
   * Counts a change here and tells the other app processes (a NOTIFY sent with `q`'s transaction, so at its
   * commit): their cached sessions are read again at once instead of within SESSION_CACHE_MS.
   */
  private changed(q: Q, userId: string): Promise<void> {
    this.changes++;
    return cacheChanged(q, SESSION_TOPIC, userId);
  }

  byEmail(email: string, q: Q = this.db): Promise<UserRow | undefined> {
    return q.selectFrom('users').selectAll().where('email_normalized', '=', normalizeEmail(email)).where('deleted_at', 'is', null).executeTakeFirst();
  }

  byId(id: string, q: Q = this.db): Promise<UserRow | undefined> {
    return q.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  insert(trx: Q, u: { email: string; display_name: string; locale: 'ro' | 'en' | 'hu'; password_hash: string | null; email_verified_at?: Date | null }): Promise<UserRow> {
    return trx
      .insertInto('users')
      .values({ ...u, email: u.email.trim(), email_normalized: normalizeEmail(u.email) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(trx: Q, id: string, patch: Partial<{ display_name: string; locale: 'ro' | 'en' | 'hu'; password_hash: string; email_verified_at: Date; platform_admin: boolean }>): Promise<UserRow> {
    await this.changed(trx, id);
    return trx.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  /** Removes every personal field and everything that lets the account act; the id stays. */
  async anonymise(trx: Q, id: string): Promise<void> {
    await this.changed(trx, id);
    await trx
      .updateTable('users')
      .set({ email: 'deleted', email_normalized: sql`'deleted-' || id::text`, display_name: 'deleted', password_hash: null, email_verified_at: null, deleted_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('users_sessions').where('user_id', '=', id).execute();
    await trx.deleteFrom('users_roles').where('user_id', '=', id).execute();
    await trx.deleteFrom('users_tokens').where('user_id', '=', id).execute();
    await trx.deleteFrom('notifications_inbox').where('user_id', '=', id).execute();
  }

  async rolesOf(userId: string, q: Q = this.db): Promise<{ tenant_id: number; role: Role }[]> {
    return q.selectFrom('users_roles').select(['tenant_id', 'role']).where('user_id', '=', userId).execute();
  }

  async setRoles(trx: Q, userId: string, tenantId: number, roles: readonly Role[], grantedBy: string | null): Promise<void> {
    await this.changed(trx, userId);
    await trx.deleteFrom('users_roles').where('user_id', '=', userId).where('tenant_id', '=', tenantId).execute();
    if (roles.length)
      await trx
        .insertInto('users_roles')
        .values(roles.map((role) => ({ user_id: userId, tenant_id: tenantId, role, granted_by: grantedBy })))
        .execute();
  }

  async addRole(trx: Q, userId: string, tenantId: number, role: Role, grantedBy: string | null): Promise<void> {
    await this.changed(trx, userId);
    await trx
      .insertInto('users_roles')
      .values({ user_id: userId, tenant_id: tenantId, role, granted_by: grantedBy })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeRole(trx: Q, userId: string, tenantId: number, role: Role) {
    await this.changed(trx, userId);
    return trx.deleteFrom('users_roles').where('user_id', '=', userId).where('tenant_id', '=', tenantId).where('role', '=', role).executeTakeFirst();
  }

  /** Members of a tenant with their roles there, one row per person. */
  members(tenantId: number) {
    return this.db
      .selectFrom('users_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.email', 'u.display_name', 'u.email_verified_at', 'u.created_at', sql<Role[]>`array_agg(r.role order by r.role)`.as('roles')])
      .where('r.tenant_id', '=', tenantId)
      .where('u.deleted_at', 'is', null)
      .groupBy(['u.id', 'u.email', 'u.display_name', 'u.email_verified_at', 'u.created_at'])
      .orderBy('u.created_at')
      .execute();
  }

  /**
   * People an admin may give a role: an exact e-mail address, or a name containing the words typed (LIKE
   * wildcards in the query are taken literally). With each person's roles in this city.
   */
  searchPeople(tenantId: number, q: string, limit: number) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db
      .selectFrom('users as u')
      .leftJoin('users_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.tenant_id', '=', tenantId))
      .select(['u.id', 'u.email', 'u.display_name', 'u.email_verified_at', sql<Role[]>`coalesce(array_agg(r.role order by r.role) filter (where r.role is not null), '{}')`.as('roles')])
      .where('u.deleted_at', 'is', null)
      .where((eb) => eb.or([eb(sql`lower(u.email)`, '=', q.toLowerCase()), eb('u.display_name', 'ilike', like)]))
      .groupBy(['u.id', 'u.email', 'u.display_name', 'u.email_verified_at'])
      .orderBy('u.display_name')
      .orderBy('u.id')
      .limit(limit)
      .execute();
  }

  async countAdmins(): Promise<number> {
    const r = await this.db.selectFrom('users_roles').select((eb) => eb.fn.count<number>('user_id').distinct().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const p = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('platform_admin', '=', true).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n) + Number(p.n);
  }

  // Sessions

  insertSession(s: { id: string; user_id: string; csrf_token: string; expires_at: Date; user_agent: string | null; ip: string | null }) {
    return this.db.insertInto('users_sessions').values(s).execute();
  }

  /** The live session with its user and the user's roles, in one query (it runs on every request). */
  /** Sessions still valid with their person and roles, for many session ids in one statement (see sessions.service.ts). */
  async sessionsWithUsers(sessionIds: string[]) {
    return this.db
      .selectFrom('users_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id as session_id',
        's.csrf_token',
        'u.id',
        'u.email',
        'u.display_name',
        'u.locale',
        'u.email_verified_at',
        'u.platform_admin',
        // A role granted in a metropolitan area holds in each of its member cities as well.
        sql<{ tenant_id: number; role: Role }[]>`coalesce((select json_agg(json_build_object('tenant_id', x.tenant_id, 'role', x.role)) from (
          select r.tenant_id, r.role from users_roles r where r.user_id = u.id
          union select m.id, r.role from users_roles r join tenants m on m.parent_id = r.tenant_id where r.user_id = u.id
        ) x), '[]'::json)`.as('roles'),
      ])
      .where('s.id', 'in', sessionIds)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('u.deleted_at', 'is', null)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    this.changes++;
    await this.db.deleteFrom('users_sessions').where('id', '=', id).execute();
    // and once it is gone: a read racing the delete must not keep the session (the NOTIFY goes after the delete)
    await this.changed(this.db, '*');
  }

  async deleteSessionsOf(trx: Q, userId: string) {
    await this.changed(trx, userId);
    return trx.deleteFrom('users_sessions').where('user_id', '=', userId).execute();
  }

  // One-time tokens

  insertToken(trx: Q, t: { token_hash: string; user_id: string; purpose: 'verify_email' | 'reset_password'; expires_at: Date }) {
    return trx.insertInto('users_tokens').values(t).execute();
  }

  /** Marks a live token used and returns its user, atomically: a token works once, even under a race. */
  async consumeToken(trx: Q, tokenHash: string, purpose: 'verify_email' | 'reset_password'): Promise<string | undefined> {
    const r = await trx
      .updateTable('users_tokens')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    return r?.user_id;
  }

  /** Ends every outstanding token of this purpose of an account (a used reset link ends the others). */
  endTokensOf(trx: Q, userId: string, purpose: 'verify_email' | 'reset_password') {
    return trx.updateTable('users_tokens').set({ used_at: sql`now()` }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  }

  // API keys

  insertApiKey(trx: Q, k: { tenant_id: number; purpose: ApiKeyPurpose; name: string; prefix: string; key_hash: string; created_by: string | null }): Promise<ApiKeyRow> {
    return trx.insertInto('users_api_keys').values(k).returningAll().executeTakeFirstOrThrow();
  }

  apiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('users_api_keys').selectAll().where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  apiKeys(tenantId: number): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('users_api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }

  revokeApiKey(trx: Q, tenantId: number, id: string): Promise<ApiKeyRow | undefined> {
    return trx.updateTable('users_api_keys').set({ revoked_at: sql`now()` }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
  }
}
