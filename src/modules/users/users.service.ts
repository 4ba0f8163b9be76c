import type { FastifyRequest } from 'fastify';
import { cacheChanged, onCacheChange } from '../../core/cachebus.js';
import { type Actor, type ActorUser, type ApiKeyPurpose, type Role, ROLES } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { TtlCache, VersionedCache } from '../../core/cache.js';
import { emit } from '../../core/events.js';
import type { Db } from '../../core/db.js';
import type { RateLimitCounter } from '../../core/ratelimit.repository.js';
import { AppError, tooManyRequests, conflict, isUniqueViolation, notFound, unauthorized, validationFailed } from '../../core/errors.js';
import { type Locale, t } from '../../core/i18n.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import { dummyHash, generatePassword, hashPassword, newSecret, sha256, verifyPassword } from './users.passwords.js';
import { SESSION_TOPIC, type ApiKeyRow, type UserRow, UsersRepository } from './users.repository.js';
import type { OptionalConsent } from './privacy/privacy.notices.js';
import { PrivacyRepository } from './privacy/privacy.repository.js';

export const SESSION_COOKIE = 'urbia_session';
export const SESSION_DAYS = 30;
const VERIFY_DAYS = 7;
const RESET_MINUTES = 60;

export interface UsersServiceDeps {
  db: Db;
  repo: UsersRepository;
  notifications: NotificationsService;
  publicUrl: () => string;
  /** consents recorded at registration (default: over the same database) */
  privacy?: PrivacyRepository | undefined;
  /** per-account sign-in limit, counted in a shared store (the database or Redis) so it holds across processes; absent = no limit */
  loginLimiter?: RateLimitCounter | undefined;
}

/** Wrong passwords allowed per account per window, whatever address they come from (rotating X-Forwarded-For does not help). */
export const ACCOUNT_LOGIN_LIMIT = { max: 10, windowMs: 15 * 60_000 } as const;

/**
 * Verified API keys are remembered for a few seconds: a sensor network sends thousands of requests a
 * second with the same key, and each would otherwise cost a query. Revocation clears this process's cache
 * at once; other processes on the same server database notice within API_KEY_CACHE_MS.
 */
const API_KEY_CACHE_MS = 10_000;

/**
 * Sessions are remembered for up to SESSION_CACHE_MS as well: every signed-in request looks its session up,
 * and a person voting sends two requests in a row. A change (sign-out, roles, password reset, account
 * deletion) reads sessions again at once: through this process by UsersRepository.changes, through another
 * app process by the cache bus (SESSION_TOPIC, delivered at the change's commit). SESSION_CACHE_MS bounds
 * the rest: a lost cache-bus connection, or a second process on the same server without one.
 */
const SESSION_CACHE_MS = 5_000;
const SESSIONS_KEPT = 10_000;

export class UsersService {
  private readonly sessions = new VersionedCache<string, Actor>(SESSIONS_KEPT, SESSION_CACHE_MS);
  private sessionChangesElsewhere = 0;
  private readonly apiKeyCache = new TtlCache<string, ApiKeyRow | undefined>(10_000, API_KEY_CACHE_MS);
  private readonly privacy: PrivacyRepository;
  constructor(private readonly deps: UsersServiceDeps) {
    // a key revoked through another app node stops working here at once, not when its cache entry expires
    onCacheChange('users.api_key', (hash) => (hash === '*' ? this.apiKeyCache.clear() : this.apiKeyCache.delete(hash)));
    // any account's change elsewhere: every session is read again once (changes are rare; reads are not)
    onCacheChange(SESSION_TOPIC, () => this.sessionChangesElsewhere++);
    this.privacy = deps.privacy ?? new PrivacyRepository(deps.db);
  }

  /** Records the acceptance of the notices in force (the city's own versions where it has them). */
  private async recordNotices(trx: Parameters<PrivacyRepository['grant']>[0], userId: string, tenantId: number | null, source: 'registration' | 'operator', optional: OptionalConsent[] = []) {
    const notices = await this.privacy.currentNotices(tenantId, trx);
    await this.privacy.grant(trx, userId, [...notices.map((n) => ({ kind: n.kind, version: n.version })), ...optional.map((kind) => ({ kind, version: null }))], source);
  }

  private async apiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    const key = await this.apiKeyCache.get(hash, () => this.repo.apiKeyByHash(hash));
    // Unknown keys are not kept: a typo fixed a second later must work, and guessing stays a query.
    if (!key) this.apiKeyCache.delete(hash);
    return key;
  }

  private get db() {
    return this.deps.db;
  }
  private get repo() {
    return this.deps.repo;
  }

  /**
   * Creates a citizen account (and the citizen role in `tenant`, if given), records the acceptance of the
   * terms and the privacy notice in force (the public route refuses a registration without both, so a caller
   * of this method stands for that acceptance) and emails a verification link.
   */
  async register(input: { email: string; password: string; displayName: string; locale: Locale; tenant?: TenantRow | undefined; optionalConsents?: OptionalConsent[] | undefined }): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const user = await this.repo.insert(trx, { email: input.email, display_name: input.displayName, locale: input.locale, password_hash: passwordHash });
        if (input.tenant) await this.repo.addRole(trx, user.id, input.tenant.id, 'citizen', null);
        await this.recordNotices(trx, user.id, input.tenant?.id ?? null, 'registration', input.optionalConsents);
        await this.sendVerification(trx, user);
        return user;
      });
    } catch (e) {
      // Saying "this email is taken" reveals that it has an account; registration is the one place where
      // that cannot be avoided without email round-trips, so it is rate-limited instead.
      if (isUniqueViolation(e)) throw conflict('An account with this email already exists.', 'email_taken');
      throw e;
    }
  }

  private async sendVerification(trx: Parameters<NotificationsService['email']>[0], user: UserRow): Promise<void> {
    const token = newSecret();
    await this.repo.insertToken(trx, { token_hash: sha256(token), user_id: user.id, purpose: 'verify_email', expires_at: new Date(Date.now() + VERIFY_DAYS * 86400_000) });
    const link = new URL(`/verify?token=${token}`, this.deps.publicUrl()).toString();
    await this.deps.notifications.email(trx, { to: user.email, subject: t('email.verify.subject', user.locale), text: t('email.verify.body', user.locale, { name: user.display_name, link }) });
  }

  async resendVerification(userId: string): Promise<void> {
    const user = await this.repo.byId(userId);
    if (!user) throw notFound('account');
    if (user.email_verified_at) return;
    await this.db.transaction().execute((trx) => this.sendVerification(trx, user));
  }

  async verifyEmail(token: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const userId = await this.repo.consumeToken(trx, sha256(token), 'verify_email');
      if (!userId) throw new AppError(400, 'invalid_token', 'This link is not valid or has expired.', [{ field: 'token', message: 'not valid or expired' }]);
      await this.repo.update(trx, userId, { email_verified_at: new Date() });
    });
  }

  /** Checks the password and opens a session. Unknown email and wrong password look the same, in time too. */
  async login(email: string, password: string, meta: { userAgent?: string | undefined; ip?: string | undefined }) {
    const limiter = this.deps.loginLimiter;
    const key = `login:${email.trim().toLowerCase()}`;
    if (limiter) {
      // Backoff: each window that ended over the limit doubles the wait (up to 4 windows = 1 h).
      const { max, windowMs } = ACCOUNT_LOGIN_LIMIT;
      const now = await limiter.recent(key, windowMs, 1);
      if (now >= max) {
        const earlier = await limiter.recent(key, windowMs, 4);
        const excessWindows = Math.min(3, Math.floor((earlier - now) / max));
        const windowEnd = Math.ceil((Date.now() + 1) / windowMs) * windowMs;
        throw tooManyRequests(Math.max(1, Math.ceil((windowEnd - Date.now() + excessWindows * windowMs) / 1000)));
      }
    }
    const user = await this.repo.byEmail(email);
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
    if (!user || !user.password_hash || !ok) {
      await limiter?.hit(key, ACCOUNT_LOGIN_LIMIT.windowMs);
      // Now and then, forget counts older than the longest backoff (a table that only grows is a leak).
      if (limiter && Math.random() < 0.01) await limiter.prune(new Date(Date.now() - 4 * ACCOUNT_LOGIN_LIMIT.windowMs));
      throw new AppError(401, 'invalid_credentials', 'The email or the password is not right.');
    }
    const token = newSecret();
    const csrfToken = newSecret(24);
    await this.repo.insertSession({
      id: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + SESSION_DAYS * 86400_000),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    });
    return { token, csrfToken, user };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.kind === 'user') await this.repo.deleteSession(actor.sessionId);
  }

  /** Resolves the caller from the session cookie or an API key header; anything invalid is anonymous or 401. */
  async authenticate(req: FastifyRequest): Promise<Actor> {
    const header = req.headers['x-api-key'] ?? (req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined);
    if (typeof header === 'string' && header) {
      const key = await this.apiKeyByHash(sha256(header.trim()));
      if (!key) throw unauthorized('The API key is not valid.');
      return { kind: 'api_key', key: { id: key.id, tenantId: key.tenant_id, purpose: key.purpose } };
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie) return { kind: 'anonymous' };
    return this.sessionActor(cookie);
  }

  /** The actor a session token stands for, or anonymous when the session is unknown or expired. */
  async sessionActor(token: string): Promise<Actor> {
    const hash = sha256(token);
    // a copy: the request marks its actor (correlation id)
    return { ...(await this.sessions.get(hash, `${this.repo.changes}.${this.sessionChangesElsewhere}`, () => this.loadSession(hash))) };
  }

  private async loadSession(hash: string): Promise<Actor> {
    const row = await this.repo.sessionWithUser(hash);
    if (!row) return { kind: 'anonymous' };
    const roles = new Map<number, Set<Role>>();
    for (const r of row.roles) {
      const set = roles.get(r.tenant_id) ?? new Set<Role>();
      set.add(r.role);
      roles.set(r.tenant_id, set);
    }
    const user: ActorUser = { id: row.id, email: row.email, displayName: row.display_name, locale: row.locale, emailVerified: row.email_verified_at !== null, roles, platformAdmin: row.platform_admin };
    return { kind: 'user', user, sessionId: row.session_id, csrfToken: row.csrf_token };
  }

  /** Always answers the same way, so the form does not reveal which emails have accounts. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.repo.byEmail(email);
    if (!user) return;
    await this.db.transaction().execute(async (trx) => {
      const token = newSecret();
      await this.repo.insertToken(trx, { token_hash: sha256(token), user_id: user.id, purpose: 'reset_password', expires_at: new Date(Date.now() + RESET_MINUTES * 60_000) });
      const link = new URL(`/reset?token=${token}`, this.deps.publicUrl()).toString();
      await this.deps.notifications.email(trx, { to: user.email, subject: t('email.reset.subject', user.locale), text: t('email.reset.body', user.locale, { name: user.display_name, link }) });
    });
  }

  /**
   * Sets the new password and ends every session of the account (someone else may hold one) and every
   * other outstanding reset link (an older mail must not reset the password that was just chosen).
   */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const userId = await this.repo.consumeToken(trx, sha256(token), 'reset_password');
      if (!userId) throw new AppError(400, 'invalid_token', 'This link is not valid or has expired.', [{ field: 'token', message: 'not valid or expired' }]);
      // Opening the emailed link proves the address too.
      await this.repo.update(trx, userId, { password_hash: hash, email_verified_at: new Date() });
      await this.repo.deleteSessionsOf(trx, userId);
      await this.repo.endTokensOf(trx, userId, 'reset_password');
    });
  }

  async updateProfile(userId: string, patch: { displayName?: string | undefined; locale?: Locale | undefined }): Promise<UserRow> {
    const set: { display_name?: string; locale?: Locale } = {};
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (Object.keys(set).length === 0) throw validationFailed([{ field: '(body)', message: 'nothing to change' }]);
    return this.repo.update(this.db, userId, set);
  }

  /**
   * Deletes an account at the person's request (GDPR erasure): the personal data go (email, name,
   * password, sessions, roles, tokens), the row stays as a tombstone so that content the person wrote is
   * kept anonymised for the results; modules anonymise their own content on `users.account.deleted`.
   */
  async deleteAccount(actor: Actor, password: string): Promise<void> {
    if (actor.kind !== 'user') throw unauthorized();
    const user = await this.repo.byId(actor.user.id);
    if (!user?.password_hash || !(await verifyPassword(password, user.password_hash)))
      throw new AppError(400, 'invalid_password', 'The password is not right.', [{ field: 'password', message: 'not right' }]);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.anonymise(trx, user.id);
      await emit(trx, 'users.account.deleted', { userId: user.id });
    });
  }

  async rolesByTenant(userId: string): Promise<Map<number, Role[]>> {
    const out = new Map<number, Role[]>();
    for (const r of await this.repo.rolesOf(userId)) out.set(r.tenant_id, [...(out.get(r.tenant_id) ?? []), r.role]);
    return out;
  }

  /**
   * Creates an admin of the given tenants, or makes an existing account one, with a new generated password
   * that is returned once (the CLI prints it; only its hash is stored).
   */
  /**
   * Creates an admin of the given cities (or resets an existing account's password). `platform` also makes
   * them a platform admin, who may create, edit and archive cities.
   */
  async createAdmin(tenants: TenantRow[], email: string, displayName = 'Administrator', options: { platform?: boolean } = {}): Promise<{ userId: string; password: string; created: boolean }> {
    const password = generatePassword();
    const hash = await hashPassword(password);
    return this.db.transaction().execute(async (trx) => {
      let user = await this.repo.byEmail(email, trx);
      const created = !user;
      if (!user) {
        user = await this.repo.insert(trx, { email, display_name: displayName, locale: 'ro', password_hash: hash, email_verified_at: new Date() });
        // Staff accounts are created by the operator, who informs them (their data are processed for their work).
        await this.recordNotices(trx, user.id, null, 'operator');
      } else user = await this.repo.update(trx, user.id, { password_hash: hash });
      if (options.platform && !user.platform_admin) {
        await this.repo.update(trx, user.id, { platform_admin: true });
        await writeAudit(trx, { kind: 'system' }, { tenantId: null, action: 'users.platformAdmin.granted', entityType: 'user', entityId: user.id, after: { via: 'cli' } });
      }
      for (const tenant of tenants) {
        await this.repo.addRole(trx, user.id, tenant.id, 'admin', null);
        await writeAudit(trx, { kind: 'system' }, { tenantId: tenant.id, action: 'users.role.granted', entityType: 'user', entityId: user.id, after: { role: 'admin', via: 'cli' } });
      }
      await this.repo.deleteSessionsOf(trx, user.id);
      return { userId: user.id, password, created };
    });
  }

  countAdmins() {
    return this.repo.countAdmins();
  }

  members(tenant: TenantRow) {
    return this.repo.members(tenant.id);
  }

  /**
   * The person search of role management. Someone found by name who has no role here yet shows only a
   * masked address, so the search cannot be used to harvest the e-mail addresses of every account.
   */
  async searchPeople(tenant: TenantRow, q: string) {
    const rows = await this.repo.searchPeople(tenant.id, q.trim(), 10);
    return rows.map((r) => ({ ...r, email: r.roles.length > 0 || r.email.toLowerCase() === q.trim().toLowerCase() ? r.email : maskEmail(r.email) }));
  }

  async setMemberRoles(actor: Actor, tenant: TenantRow, userId: string, roles: Role[]): Promise<Role[]> {
    const unique = [...new Set(roles)].filter((r) => ROLES.includes(r));
    return this.db.transaction().execute(async (trx) => {
      const user = await this.repo.byId(userId, trx);
      if (!user) throw notFound('account');
      const before = (await this.repo.rolesOf(userId, trx)).filter((r) => r.tenant_id === tenant.id).map((r) => r.role).sort();
      if (actor.kind === 'user' && actor.user.id === userId && before.includes('admin') && !unique.includes('admin'))
        throw conflict('You cannot remove your own admin role; ask another admin.', 'self_demotion');
      await this.repo.setRoles(trx, userId, tenant.id, unique, actor.kind === 'user' ? actor.user.id : null);
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
    const has = (await this.repo.rolesOf(userId, trx)).some((r) => r.tenant_id === tenantId && r.role === role);
    if (has === hold) return false;
    if (hold) await this.repo.addRole(trx, userId, tenantId, role, actor.kind === 'user' ? actor.user.id : null);
    else await this.repo.removeRole(trx, userId, tenantId, role);
    await writeAudit(trx, actor, { tenantId, action: hold ? 'users.role.granted' : 'users.role.revoked', entityType: 'user', entityId: userId, after: { role, via } });
    return true;
  }

  async createApiKey(actor: Actor, tenant: TenantRow, input: { name: string; purpose: ApiKeyPurpose }) {
    const secret = `urbia_${newSecret(24)}`;
    const row = await this.db.transaction().execute(async (trx) => {
      const key = await this.repo.insertApiKey(trx, {
        tenant_id: tenant.id,
        purpose: input.purpose,
        name: input.name,
        prefix: secret.slice(0, 12),
        key_hash: sha256(secret),
        created_by: actor.kind === 'user' ? actor.user.id : null,
      });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.api_key.created', entityType: 'api_key', entityId: key.id, after: { name: key.name, purpose: key.purpose, prefix: key.prefix } });
      return key;
    });
    return { key: row, secret };
  }

  apiKeys(tenant: TenantRow) {
    return this.repo.apiKeys(tenant.id);
  }

  /**
   * Checks an API key given in a request body (Open311's `api_key` form field) rather than a header:
   * the key for that purpose, or undefined when it is unknown, revoked or for another purpose.
   */
  async verifyApiKey(secret: string, purpose: ApiKeyPurpose): Promise<{ id: string; tenantId: number; purpose: ApiKeyPurpose } | undefined> {
    if (!secret) return undefined;
    const key = await this.apiKeyByHash(sha256(secret.trim()));
    return key && key.purpose === purpose ? { id: key.id, tenantId: key.tenant_id, purpose: key.purpose } : undefined;
  }

  /** Where to reach a person (for notifications sent by other modules), or undefined when deleted. */
  async contact(userId: string): Promise<{ id: string; email: string; locale: Locale; displayName: string } | undefined> {
    const u = await this.repo.byId(userId);
    return u && !u.deleted_at ? { id: u.id, email: u.email, locale: u.locale, displayName: u.display_name } : undefined;
  }

  async revokeApiKey(actor: Actor, tenant: TenantRow, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const key = await this.repo.revokeApiKey(trx, tenant.id, id);
      if (!key) throw notFound('API key');
      await cacheChanged(trx, 'users.api_key', key.key_hash);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.api_key.revoked', entityType: 'api_key', entityId: id, before: { name: key.name, purpose: key.purpose } });
    });
  }
}

/** "ana.pop@example.org" → "a••••••@example.org": enough to tell two people of the same name apart by domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}${'•'.repeat(Math.min(6, at - 1) || 1)}${email.slice(at)}`;
}

/** The users service over its repositories on `db` (the app's wiring, the CLI and tests). */
export function createUsersService(db: Db, deps: Omit<UsersServiceDeps, 'db' | 'repo' | 'privacy'>): UsersService {
  return new UsersService({ ...deps, db, repo: new UsersRepository(db) });
}
