/**
 * A person's account: registration with the notices accepted, e-mail verification, password reset, profile,
 * erasure at their request, and the staff accounts the operator creates from the CLI.
 */
import { writeAudit } from '../../../core/audit.js';
import type { Actor } from '../../../core/actor.js';
import type { Db } from '../../../core/db.js';
import { emit } from '../../../core/events.js';
import { AppError, conflict, isUniqueViolation, notFound, unauthorized, validationFailed } from '../../../core/errors.js';
import { type Locale, t } from '../../../core/i18n.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { OptionalConsent } from '../privacy/privacy.notices.js';
import type { PrivacyRepository } from '../privacy/privacy.repository.js';
import { generatePassword, hashPassword, newSecret, sha256, verifyPassword } from '../users.passwords.js';
import type { UserRow, UsersRepository } from '../users.repository.js';

const VERIFY_DAYS = 7;
const RESET_MINUTES = 60;

export interface AccountsServiceDeps {
  db: Db;
  repo: UsersRepository;
  notifications: NotificationsService;
  publicUrl: () => string;
  privacy: PrivacyRepository;
}

export class AccountsService {
  constructor(private readonly d: AccountsServiceDeps) {}

  /** Records the acceptance of the notices in force (the city's own versions where it has them). */
  private async recordNotices(trx: Parameters<PrivacyRepository['grant']>[0], userId: string, tenantId: number | null, source: 'registration' | 'operator', optional: OptionalConsent[] = []) {
    const notices = await this.d.privacy.currentNotices(tenantId, trx);
    await this.d.privacy.grant(trx, userId, [...notices.map((n) => ({ kind: n.kind, version: n.version })), ...optional.map((kind) => ({ kind, version: null }))], source);
  }

  /**
   * Creates a citizen account (and the citizen role in `tenant`, if given), records the acceptance of the
   * terms and the privacy notice in force (the public route refuses a registration without both, so a caller
   * of this method stands for that acceptance) and emails a verification link.
   */
  async register(input: { email: string; password: string; displayName: string; locale: Locale; tenant?: TenantRow | undefined; optionalConsents?: OptionalConsent[] | undefined }): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.d.db.transaction().execute(async (trx) => {
        const user = await this.d.repo.insert(trx, { email: input.email, display_name: input.displayName, locale: input.locale, password_hash: passwordHash });
        if (input.tenant) await this.d.repo.addRole(trx, user.id, input.tenant.id, 'citizen', null);
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
    await this.d.repo.insertToken(trx, { token_hash: sha256(token), user_id: user.id, purpose: 'verify_email', expires_at: new Date(Date.now() + VERIFY_DAYS * 86400_000) });
    const link = new URL(`/verify?token=${token}`, this.d.publicUrl()).toString();
    await this.d.notifications.email(trx, { to: user.email, subject: t('email.verify.subject', user.locale), text: t('email.verify.body', user.locale, { name: user.display_name, link }) });
  }

  async resendVerification(userId: string): Promise<void> {
    const user = await this.d.repo.byId(userId);
    if (!user) throw notFound('account');
    if (user.email_verified_at) return;
    await this.d.db.transaction().execute((trx) => this.sendVerification(trx, user));
  }

  async verifyEmail(token: string): Promise<void> {
    await this.d.db.transaction().execute(async (trx) => {
      const userId = await this.d.repo.consumeToken(trx, sha256(token), 'verify_email');
      if (!userId) throw new AppError(400, 'invalid_token', 'This link is not valid or has expired.', [{ field: 'token', message: 'not valid or expired' }]);
      await this.d.repo.update(trx, userId, { email_verified_at: new Date() });
    });
  }

  /** Always answers the same way, so the form does not reveal which emails have accounts. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.d.repo.byEmail(email);
    if (!user) return;
    await this.d.db.transaction().execute(async (trx) => {
      const token = newSecret();
      await this.d.repo.insertToken(trx, { token_hash: sha256(token), user_id: user.id, purpose: 'reset_password', expires_at: new Date(Date.now() + RESET_MINUTES * 60_000) });
      const link = new URL(`/reset?token=${token}`, this.d.publicUrl()).toString();
      await this.d.notifications.email(trx, { to: user.email, subject: t('email.reset.subject', user.locale), text: t('email.reset.body', user.locale, { name: user.display_name, link }) });
    });
  }

  /**
   * Sets the new password and ends every session of the account (someone else may hold one) and every
   * other outstanding reset link (an older mail must not reset the password that was just chosen).
   */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.d.db.transaction().execute(async (trx) => {
      const userId = await this.d.repo.consumeToken(trx, sha256(token), 'reset_password');
      if (!userId) throw new AppError(400, 'invalid_token', 'This link is not valid or has expired.', [{ field: 'token', message: 'not valid or expired' }]);
      // Opening the emailed link proves the address too.
      await this.d.repo.update(trx, userId, { password_hash: hash, email_verified_at: new Date() });
      await this.d.repo.deleteSessionsOf(trx, userId);
      await this.d.repo.endTokensOf(trx, userId, 'reset_password');
    });
  }

  async updateProfile(userId: string, patch: { displayName?: string | undefined; locale?: Locale | undefined }): Promise<UserRow> {
    const set: { display_name?: string; locale?: Locale } = {};
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (Object.keys(set).length === 0) throw validationFailed([{ field: '(body)', message: 'nothing to change' }]);
    return this.d.repo.update(this.d.db, userId, set);
  }

  /**
   * Deletes an account at the person's request (GDPR erasure): the personal data go (email, name,
   * password, sessions, roles, tokens), the row stays as a tombstone so that content the person wrote is
   * kept anonymised for the results; modules anonymise their own content on `users.account.deleted`.
   */
  async deleteAccount(actor: Actor, password: string): Promise<void> {
    if (actor.kind !== 'user') throw unauthorized();
    const user = await this.d.repo.byId(actor.user.id);
    if (!user?.password_hash || !(await verifyPassword(password, user.password_hash)))
      throw new AppError(400, 'invalid_password', 'The password is not right.', [{ field: 'password', message: 'not right' }]);
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.repo.anonymise(trx, user.id);
      await emit(trx, 'users.account.deleted', { userId: user.id });
    });
  }

  /** Where to reach a person (for notifications sent by other modules), or undefined when deleted. */
  async contact(userId: string): Promise<{ id: string; email: string; locale: Locale; displayName: string } | undefined> {
    const u = await this.d.repo.byId(userId);
    return u && !u.deleted_at ? { id: u.id, email: u.email, locale: u.locale, displayName: u.display_name } : undefined;
  }

  /**
   * Creates an admin of the given cities, or makes an existing account one, with a new generated password
   * that is returned once (the CLI prints it; only its hash is stored). `platform` also makes them a
   * platform admin, who may create, edit and archive cities.
   */
  async createAdmin(tenants: TenantRow[], email: string, displayName = 'Administrator', options: { platform?: boolean } = {}): Promise<{ userId: string; password: string; created: boolean }> {
    const password = generatePassword();
    const hash = await hashPassword(password);
    const repo = this.d.repo;
    return this.d.db.transaction().execute(async (trx) => {
      let user = await repo.byEmail(email, trx);
      const created = !user;
      if (!user) {
        user = await repo.insert(trx, { email, display_name: displayName, locale: 'ro', password_hash: hash, email_verified_at: new Date() });
        // Staff accounts are created by the operator, who informs them (their data are processed for their work).
        await this.recordNotices(trx, user.id, null, 'operator');
      } else user = await repo.update(trx, user.id, { password_hash: hash });
      if (options.platform && !user.platform_admin) {
        await repo.update(trx, user.id, { platform_admin: true });
        await writeAudit(trx, { kind: 'system' }, { tenantId: null, action: 'users.platformAdmin.granted', entityType: 'user', entityId: user.id, after: { via: 'cli' } });
      }
      for (const tenant of tenants) {
        await repo.addRole(trx, user.id, tenant.id, 'admin', null);
        await writeAudit(trx, { kind: 'system' }, { tenantId: tenant.id, action: 'users.role.granted', entityType: 'user', entityId: user.id, after: { role: 'admin', via: 'cli' } });
      }
      await repo.deleteSessionsOf(trx, user.id);
      return { userId: user.id, password, created };
    });
  }
}
