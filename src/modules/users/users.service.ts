/**
 * Accounts, sessions, roles and API keys. Its parts live in resource folders (accounts, sessions, roles,
 * api-keys); this class builds them over one repository and is the one API the routes and other modules call.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor, ApiKeyPurpose, Role } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import type { Locale } from '../../core/i18n.js';
import type { RateLimitCounter } from '../../core/ratelimit.repository.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import type { OptionalConsent } from './privacy/privacy.notices.js';
import { PrivacyRepository } from './privacy/privacy.repository.js';
import { RolesService } from './roles/roles.service.js';
import { SessionsService } from './sessions/sessions.service.js';
import { type UserRow, UsersRepository } from './users.repository.js';

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

export class UsersService {
  private readonly accounts: AccountsService;
  private readonly sessions: SessionsService;
  private readonly roles: RolesService;
  private readonly keys: ApiKeysService;

  constructor(deps: UsersServiceDeps) {
    const { db, repo } = deps;
    this.accounts = new AccountsService({ db, repo, notifications: deps.notifications, publicUrl: deps.publicUrl, privacy: deps.privacy ?? new PrivacyRepository(db) });
    this.keys = new ApiKeysService({ db, repo });
    this.sessions = new SessionsService({ repo, apiKeys: this.keys, loginLimiter: deps.loginLimiter });
    this.roles = new RolesService({ db, repo });
  }

  // ---------------------------------------------------------------- accounts (accounts/)

  /** Creates a citizen account (the caller stands for the acceptance of the notices in force) and emails a verification link. */
  register(input: { email: string; password: string; displayName: string; locale: Locale; tenant?: TenantRow | undefined; optionalConsents?: OptionalConsent[] | undefined }): Promise<UserRow> {
    return this.accounts.register(input);
  }

  resendVerification(userId: string): Promise<void> {
    return this.accounts.resendVerification(userId);
  }

  verifyEmail(token: string): Promise<void> {
    return this.accounts.verifyEmail(token);
  }

  /** Always answers the same way, so the form does not reveal which emails have accounts. */
  requestPasswordReset(email: string): Promise<void> {
    return this.accounts.requestPasswordReset(email);
  }

  /** Sets the new password, ending every session and every other reset link of the account. */
  confirmPasswordReset(token: string, password: string): Promise<void> {
    return this.accounts.confirmPasswordReset(token, password);
  }

  updateProfile(userId: string, patch: { displayName?: string | undefined; locale?: Locale | undefined }): Promise<UserRow> {
    return this.accounts.updateProfile(userId, patch);
  }

  /** Erases an account at the person's request (GDPR); modules anonymise their content on `users.account.deleted`. */
  deleteAccount(actor: Actor, password: string): Promise<void> {
    return this.accounts.deleteAccount(actor, password);
  }

  /** Where to reach a person (for notifications sent by other modules), or undefined when deleted. */
  contact(userId: string): Promise<{ id: string; email: string; locale: Locale; displayName: string } | undefined> {
    return this.accounts.contact(userId);
  }

  /** Creates an admin of the given cities (or resets an existing account's password); `platform` also makes them a platform admin. */
  createAdmin(tenants: TenantRow[], email: string, displayName?: string, options?: { platform?: boolean }): Promise<{ userId: string; password: string; created: boolean }> {
    return this.accounts.createAdmin(tenants, email, displayName, options);
  }

  // ---------------------------------------------------------------- sessions (sessions/)

  /** Checks the password and opens a session. Unknown email and wrong password look the same, in time too. */
  login(email: string, password: string, meta: { userAgent?: string | undefined; ip?: string | undefined }) {
    return this.sessions.login(email, password, meta);
  }

  logout(actor: Actor): Promise<void> {
    return this.sessions.logout(actor);
  }

  /** Resolves the caller from the session cookie or an API key header; anything invalid is anonymous or 401. */
  authenticate(req: FastifyRequest): Promise<Actor> {
    return this.sessions.authenticate(req);
  }

  /** The actor a session token stands for, or anonymous when the session is unknown or expired. */
  sessionActor(token: string): Promise<Actor> {
    return this.sessions.sessionActor(token);
  }

  // ---------------------------------------------------------------- roles (roles/)

  rolesByTenant(userId: string): Promise<Map<number, Role[]>> {
    return this.roles.rolesByTenant(userId);
  }

  countAdmins() {
    return this.roles.countAdmins();
  }

  members(tenant: TenantRow) {
    return this.roles.members(tenant);
  }

  /** The person search of role management (addresses of people without a role here masked). */
  searchPeople(tenant: TenantRow, q: string) {
    return this.roles.searchPeople(tenant, q);
  }

  setMemberRoles(actor: Actor, tenant: TenantRow, userId: string, roles: Role[]): Promise<Role[]> {
    return this.roles.setMemberRoles(actor, tenant, userId, roles);
  }

  /** Grants or withdraws a role another module derives from its own data, in that module's transaction (audited). */
  syncDerivedRole(trx: Parameters<UsersRepository['addRole']>[0], actor: Actor, tenantId: number, userId: string, role: Role, hold: boolean, via: string): Promise<boolean> {
    return this.roles.syncDerivedRole(trx, actor, tenantId, userId, role, hold, via);
  }

  // ---------------------------------------------------------------- API keys (api-keys/)

  createApiKey(actor: Actor, tenant: TenantRow, input: { name: string; purpose: ApiKeyPurpose }) {
    return this.keys.createApiKey(actor, tenant, input);
  }

  apiKeys(tenant: TenantRow) {
    return this.keys.apiKeys(tenant);
  }

  /** Checks an API key given in a request body (Open311's `api_key` field): the key for that purpose, or undefined. */
  verifyApiKey(secret: string, purpose: ApiKeyPurpose): Promise<{ id: string; tenantId: number; purpose: ApiKeyPurpose } | undefined> {
    return this.keys.verifyApiKey(secret, purpose);
  }

  revokeApiKey(actor: Actor, tenant: TenantRow, id: string): Promise<void> {
    return this.keys.revokeApiKey(actor, tenant, id);
  }
}

/** The users service over its repositories on `db` (the app's wiring, the CLI and tests). */
export function createUsersService(db: Db, deps: Omit<UsersServiceDeps, 'db' | 'repo' | 'privacy'>): UsersService {
  return new UsersService({ ...deps, db, repo: new UsersRepository(db) });
}
