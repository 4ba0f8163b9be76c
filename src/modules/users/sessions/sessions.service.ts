/** Signing in and out, and who a request comes from (a session cookie or an API key). */
import type { FastifyRequest } from 'fastify';
import { onCacheChange } from '../../../core/cachebus.js';
import type { Actor, ActorUser, Role } from '../../../core/actor.js';
import { BatchLoader } from '../../../core/batch.js';
import { VersionedCache } from '../../../core/cache.js';
import type { RateLimitCounter } from '../../../core/ratelimit.repository.js';
import { AppError, tooManyRequests, unauthorized } from '../../../core/errors.js';
import type { ApiKeysService } from '../api-keys/api-keys.service.js';
import { dummyHash, newSecret, sha256, verifyPassword } from '../users.passwords.js';
import { SESSION_TOPIC, type UsersRepository } from '../users.repository.js';

export const SESSION_COOKIE = 'urbia_session';
export const SESSION_DAYS = 30;

/** Wrong passwords allowed per account per window, whatever address they come from (rotating X-Forwarded-For does not help). */
export const ACCOUNT_LOGIN_LIMIT = { max: 10, windowMs: 15 * 60_000 } as const;

/**
 * Sessions are remembered for up to SESSION_CACHE_MS: every signed-in request looks its session up,
 * and a person voting sends two requests in a row. A change (sign-out, roles, password reset, account
 * deletion) reads sessions again at once: through this process by UsersRepository.changes, through another
 * app process by the cache bus (SESSION_TOPIC, delivered at the change's commit). SESSION_CACHE_MS bounds
 * the rest: a lost cache-bus connection, or a second process on the same server without one.
 */
const SESSION_CACHE_MS = 5_000;
const SESSIONS_KEPT = 10_000;

type SessionRow = Awaited<ReturnType<UsersRepository['sessionsWithUsers']>>[number];

export class SessionsService {
  private readonly sessions = new VersionedCache<string, Actor>(SESSIONS_KEPT, SESSION_CACHE_MS);
  private sessionChangesElsewhere = 0;
  /**
   * Sessions not remembered are read together: the requests of many people arriving at once (a vote opening)
   * make one statement, not one each. A read still starts after the request arrived, so a revoked session is
   * never read as valid once the revocation has committed.
   */
  private readonly sessionRows: BatchLoader<string, SessionRow>;

  constructor(private readonly d: { repo: UsersRepository; apiKeys: ApiKeysService; loginLimiter?: RateLimitCounter | undefined }) {
    this.sessionRows = new BatchLoader(async (ids) => new Map((await d.repo.sessionsWithUsers(ids)).map((r) => [r.session_id, r])));
    // any account's change elsewhere: every session is read again once (changes are rare; reads are not)
    onCacheChange(SESSION_TOPIC, () => this.sessionChangesElsewhere++);
  }

  /** Checks the password and opens a session. Unknown email and wrong password look the same, in time too. */
  async login(email: string, password: string, meta: { userAgent?: string | undefined; ip?: string | undefined }) {
    const limiter = this.d.loginLimiter;
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
    const user = await this.d.repo.byEmail(email);
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
    if (!user || !user.password_hash || !ok) {
      await limiter?.hit(key, ACCOUNT_LOGIN_LIMIT.windowMs);
      // Now and then, forget counts older than the longest backoff (a table that only grows is a leak).
      if (limiter && Math.random() < 0.01) await limiter.prune(new Date(Date.now() - 4 * ACCOUNT_LOGIN_LIMIT.windowMs));
      throw new AppError(401, 'invalid_credentials', 'The email or the password is not right.');
    }
    const token = newSecret();
    const csrfToken = newSecret(24);
    await this.d.repo.insertSession({
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
    if (actor.kind === 'user') await this.d.repo.deleteSession(actor.sessionId);
  }

  /** Resolves the caller from the session cookie or an API key header; anything invalid is anonymous or 401. */
  async authenticate(req: FastifyRequest): Promise<Actor> {
    const header = req.headers['x-api-key'] ?? (req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined);
    if (typeof header === 'string' && header) {
      const key = await this.d.apiKeys.byHash(sha256(header.trim()));
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
    return { ...(await this.sessions.get(hash, `${this.d.repo.changes}.${this.sessionChangesElsewhere}`, () => this.loadSession(hash))) };
  }

  private async loadSession(hash: string): Promise<Actor> {
    const row = await this.sessionRows.get(hash);
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
}
