/**
 * Web push (RFC 8030, payload encrypted per RFC 8291 with aes128gcm, signed per RFC 8292 VAPID): people
 * subscribe each device; the hub's fan-out queues one `notifications.push.requested` outbox event per device
 * of each person who turned push on for that kind; this service delivers it. `web-push` encrypts and signs;
 * the request itself goes out with fetch (so a city can point tests or a private push service at http).
 * A 404/410 from the push service removes the subscription; other failures are retried by the outbox with
 * backoff and, after the last attempt, recorded as failed in the person's delivery log. Each device is its
 * own event, so one failing device or channel never holds up another.
 */
import webpush from 'web-push';
import type { OutboxEvent } from '../../../core/events.js';
import { notFound, validationFailed } from '../../../core/errors.js';
import type { DeliveriesRepository } from '../deliveries/deliveries.repository.js';
import { pushOptions, pushTopic } from './push.options.js';
import type { PushRepository } from './push.repository.js';

/** attempts per message before it is recorded as failed (the outbox waits 2 s, 4 s, 8 s, 16 s between them) */
export const CHANNEL_ATTEMPTS = 5;

declare module '../../../core/events.js' {
  interface EventMap {
    'notifications.push.requested': { subscriptionId: string; userId: string; kind: string; thing: string; title: string; body: string; url: string | null };
  }
}

const b64 = (s: string) => Buffer.from(s, 'base64url');

export class PushService {
  private keys: Promise<{ public_key: string; private_key: string }> | undefined;

  constructor(
    private readonly repo: PushRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly opts: { subject: string; allowHttp: boolean; timeoutMs?: number },
  ) {}

  /** The VAPID key pair: made on first use and kept in the database, so it survives restarts. */
  vapid(): Promise<{ public_key: string; private_key: string }> {
    this.keys ??= (async () => (await this.repo.vapidKeys()) ?? this.repo.saveVapidKeys(webpush.generateVAPIDKeys()))();
    return this.keys;
  }

  async publicKey(): Promise<string> {
    return (await this.vapid()).public_key;
  }

  /** Checks a subscription from a browser's PushManager; 400 naming the field when it cannot be used. */
  async subscribe(userId: string, s: { endpoint: string; keys: { p256dh: string; auth: string } }, userAgent: string | null): Promise<string> {
    const errors = [];
    let url: URL | undefined;
    try {
      url = new URL(s.endpoint);
    } catch {
      /* reported below */
    }
    if (!url || !(url.protocol === 'https:' || (this.opts.allowHttp && url.protocol === 'http:')))
      errors.push({ field: 'endpoint', message: 'must be the https:// URL the browser gave', code: 'invalid_url' });
    const key = b64(s.keys.p256dh);
    if (key.length !== 65 || key[0] !== 4) errors.push({ field: 'keys.p256dh', message: 'must be an uncompressed P-256 public key (65 bytes, URL-safe base64)', code: 'invalid_key' });
    if (b64(s.keys.auth).length !== 16) errors.push({ field: 'keys.auth', message: 'must be a 16-byte secret (URL-safe base64)', code: 'invalid_key' });
    if (errors.length) throw validationFailed(errors);
    return this.repo.upsert(userId, { endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth, userAgent: userAgent?.slice(0, 300) ?? null });
  }

  async unsubscribe(userId: string, endpoint: string): Promise<void> {
    if (!(await this.repo.remove(userId, endpoint))) throw notFound('push subscription');
  }

  devices(userId: string) {
    return this.repo.listForUser(userId);
  }

  /** The outbox handler of `notifications.push.requested`. */
  async deliver(event: OutboxEvent<'notifications.push.requested'>): Promise<void> {
    const p = event.payload;
    const sub = await this.repo.byId(p.subscriptionId);
    if (!sub) return; // unsubscribed since it was queued
    const keys = await this.vapid();
    const o = pushOptions(p.kind);
    const target = new URL(sub.endpoint).host;
    const log = (status: 'sent' | 'failed' | 'gone', error: string | null) =>
      this.deliveries.record({ userId: p.userId, channel: 'push', kind: p.kind, target, status, attempts: event.attempts, error, eventId: event.id });
    const payload = JSON.stringify({ title: p.title, body: p.body.length > 1000 ? `${p.body.slice(0, 999)}…` : p.body, url: p.url, kind: p.kind });
    const req = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      TTL: o.TTL,
      urgency: o.urgency,
      topic: pushTopic(p.kind, p.thing),
      vapidDetails: { subject: this.opts.subject, publicKey: keys.public_key, privateKey: keys.private_key },
      contentEncoding: 'aes128gcm',
    });
    let status = 0;
    let error: string;
    try {
      const res = await fetch(sub.endpoint, { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(req.body as Buffer), signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
      status = res.status;
      error = `${res.status} ${(await res.text()).slice(0, 200)}`.trim();
    } catch (e) {
      error = (e as Error).message;
    }
    if (status >= 200 && status < 300) {
      await this.repo.markSent(sub.id);
      return log('sent', null);
    }
    if (status === 404 || status === 410) {
      await this.repo.removeById(sub.id);
      return log('gone', error);
    }
    if (event.attempts < CHANNEL_ATTEMPTS) throw new Error(`push to ${target} failed: ${error}`);
    await log('failed', error);
  }

  async forgetUser(userId: string): Promise<void> {
    await this.repo.dropUser(userId);
  }
}
