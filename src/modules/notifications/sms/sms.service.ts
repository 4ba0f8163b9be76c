/**
 * The SMS channel: Urbia sends no SMS itself; each city configures a gateway webhook (its URL and a secret),
 * and Urbia POSTs `{ "to": "+40722123456", "body": "…" }` (JSON) to it, signed:
 *
 *   X-Urbia-Timestamp: <unix seconds>
 *   X-Urbia-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * so the gateway can check the message comes from Urbia and is fresh. A number is used only after its owner
 * typed back the code sent to it. Each SMS is its own outbox event: a failing gateway is retried with
 * backoff and then recorded as failed in the person's delivery log, without holding up other channels.
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Db } from '../../../core/db.js';
import type { OutboxEvent } from '../../../core/events.js';
import { emit } from '../../../core/events.js';
import { AppError, notFound, validationFailed } from '../../../core/errors.js';
import type { Locale } from '../../../core/i18n.js';
import type { DeliveriesRepository } from '../deliveries/deliveries.repository.js';
import { CHANNEL_ATTEMPTS } from '../push/push.service.js';
import type { SmsRepository } from './sms.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'notifications.sms.requested': { userId: string; kind: string; to: string; body: string };
  }
}

/** E.164: a plus, a country code and at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const CODE_MINUTES = 10;
const CODE_TRIES = 5;

const CODE_TEXT: Record<Locale, string> = {
  ro: 'Codul dumneavoastră Urbia: {code}. Expiră în {minutes} minute.',
  en: 'Your Urbia code: {code}. It expires in {minutes} minutes.',
  hu: 'Az Ön Urbia-kódja: {code}. {minutes} perc múlva lejár.',
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The signature header of a webhook body (also what a gateway computes to check it). */
export function signSms(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class SmsService {
  constructor(
    private readonly db: Db,
    private readonly repo: SmsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly opts: { allowHttp: boolean; timeoutMs?: number; now?: () => Date },
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async phone(userId: string): Promise<{ phone: string | null; verified: boolean }> {
    const p = await this.repo.phone(userId);
    return { phone: p?.phone ?? null, verified: !!p?.verified_at };
  }

  /** Saves a number and sends it a code through the city's gateway; 400 naming `phone` if it is not E.164. */
  async setPhone(user: { id: string; locale: Locale }, tenantId: number, phone: string): Promise<void> {
    const normalized = phone.replace(/[\s().-]/g, '');
    if (!E164.test(normalized)) throw validationFailed([{ field: 'phone', message: 'an international number such as +40722123456 (E.164)', code: 'invalid_phone' }]);
    if (!(await this.repo.gateway(tenantId))) throw new AppError(409, 'no_sms_gateway', 'This city sends no SMS (no gateway configured).');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const body = CODE_TEXT[user.locale].replace('{code}', code).replace('{minutes}', String(CODE_MINUTES));
    // The number and its code SMS in one transaction: no code is sent for a number that was not saved.
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setPending(trx, user.id, normalized, sha256(`${user.id}:${code}`), new Date(this.now().getTime() + CODE_MINUTES * 60_000));
      await emit(trx, 'notifications.sms.requested', { userId: user.id, kind: 'notifications.phone.code', to: normalized, body }, tenantId);
    });
  }

  /** The code typed back: right → the number is verified; wrong, expired or too many tries → 400 naming `code`. */
  async verify(userId: string, code: string): Promise<void> {
    const p = await this.repo.phone(userId);
    if (!p?.code_hash) throw notFound('pending phone number');
    const bad = (message: string) => validationFailed([{ field: 'code', message, code: 'invalid_code' }]);
    if (p.code_attempts >= CODE_TRIES) throw bad('too many tries: ask for a new code');
    if (!p.code_expires_at || p.code_expires_at < this.now()) throw bad('the code expired: ask for a new one');
    const a = Buffer.from(sha256(`${userId}:${code}`));
    if (!timingSafeEqual(a, Buffer.from(p.code_hash))) {
      await this.repo.countAttempt(userId);
      throw bad('not the code we sent');
    }
    await this.repo.verify(userId);
  }

  async removePhone(userId: string): Promise<void> {
    if (!(await this.repo.remove(userId))) throw notFound('phone number');
  }

  async gateway(tenantId: number): Promise<{ url: string | null; configured: boolean }> {
    const g = await this.repo.gateway(tenantId);
    return { url: g?.url ?? null, configured: !!g };
  }

  /** Audited (the URL, never the secret). */
  async setGateway(actor: Actor, tenantId: number, url: string, secret: string): Promise<void> {
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      /* reported below */
    }
    if (!u || !(u.protocol === 'https:' || (this.opts.allowHttp && u.protocol === 'http:'))) throw validationFailed([{ field: 'url', message: 'an https:// URL', code: 'invalid_url' }]);
    const before = await this.repo.gateway(tenantId);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setGateway(trx, tenantId, url, secret);
      await writeAudit(trx, actor, { tenantId, action: 'notifications.smsGateway.set', entityType: 'sms_gateway', entityId: String(tenantId), before: before ? { url: before.url } : null, after: { url } });
    });
  }

  async forgetUser(userId: string): Promise<void> {
    await this.repo.remove(userId);
  }

  /** The outbox handler of `notifications.sms.requested`. */
  async deliver(event: OutboxEvent<'notifications.sms.requested'>): Promise<void> {
    const p = event.payload;
    const target = `…${p.to.slice(-3)}`;
    const log = (status: 'sent' | 'failed', error: string | null) =>
      this.deliveries.record({ userId: p.userId, channel: 'sms', kind: p.kind, target, status, attempts: event.attempts, error, eventId: event.id });
    const g = event.tenantId === null ? undefined : await this.repo.gateway(event.tenantId);
    if (!g) return log('failed', 'no SMS gateway configured for this city');
    const body = JSON.stringify({ to: p.to, body: p.body });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let error: string;
    try {
      const res = await fetch(g.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-urbia-timestamp': timestamp, 'x-urbia-signature': signSms(g.secret, timestamp, body) },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      if (res.ok) return log('sent', null);
      error = `${res.status} ${(await res.text()).slice(0, 200)}`.trim();
    } catch (e) {
      error = (e as Error).message;
    }
    if (event.attempts < CHANNEL_ATTEMPTS) throw new Error(`SMS gateway failed: ${error}`);
    await log('failed', error);
  }
}
