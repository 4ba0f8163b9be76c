/**
 * The notifications hub. Modules use it through this one service: they register the kinds of thing a
 * person can follow (with an existence and visibility check), their notification templates (ro/en/hu), and
 * which of their domain events become notifications; the hub keeps the follows, and turns each such event
 * into inbox rows and e-mails for the followers, each in the recipient's language, exactly once.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type Actor, SYSTEM } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import type { Database, Db } from '../../core/db.js';
import { emit, type EventMap, type EventType, type OutboxEvent, type OutboxWorker } from '../../core/events.js';
import { AppError, notFound, validationFailed } from '../../core/errors.js';
import { pointInRing } from '../../core/geo.js';
import { LOCALES, type Locale, type Multiloc, t } from '../../core/i18n.js';
import { atomFeed } from './notifications.feed.js';
import type { TenantRow } from '../tenants/index.js';
import { FollowsRepository } from './follows.repository.js';
import type { Mailer } from './notifications.mailer.js';
import { NotificationsRepository } from './notifications.repository.js';
import { type NoticeParams, Templates, type TemplateText } from './notifications.templates.js';

type Q = Transaction<Database> | Kysely<Database>;

export interface NotifyInput {
  user: { id: string; email: string; locale: Locale };
  tenantId: number | null;
  kind: string;
  subject: string;
  body: string;
  /** a path on this site, e.g. /timisoara/projects/A1.P11 */
  link?: string;
  /** also send an email (default true) */
  email?: boolean;
}

/** A kind of thing people can follow, registered by the module that owns it. */
export interface Followable {
  /** true when the thing exists in this city and the caller may see it */
  exists(actor: Actor, tenant: TenantRow, id: string): Promise<boolean>;
}

/** What an event means for followers: the thing it is about, the template and its parameters. */
export interface Notice {
  tenantId: number;
  /** the followed thing; its followers are notified */
  thing: { kind: string; id: string };
  /** the template key (also the inbox row's kind) */
  template: string;
  params: NoticeParams;
  /** a path on this site */
  link: string;
  /** other followed things whose followers hear too (an alert type besides the sensor that raised it) */
  alsoThings?: { kind: string; id: string }[];
  /**
   * also notify the followers of the area the thing is in: an area key and/or a point (a point also reaches
   * the followers of the named areas that the modules' area resolvers place it in, and of drawn areas around it)
   */
  area?: { key?: string | null | undefined; lat?: number | null | undefined; lon?: number | null | undefined };
  /** people to notify even without a follow (e.g. the author of an answered proposal) */
  alsoUsers?: string[];
  /** false: only `alsoUsers` hear (a variant of the text for them), not the thing's followers (default true) */
  followers?: boolean;
  /** people not to notify (e.g. the staff member who made the change) */
  exceptUsers?: string[];
  /** send e-mail too (default true) */
  email?: boolean;
}

/** The keys of the named areas that hold a point in a city (none: []). */
export type AreaResolver = (tenantId: number, lat: number, lon: number) => Promise<string[]>;

export type NoticeBuilder<T extends EventType> = (event: OutboxEvent<T>) => Promise<Notice | Notice[] | null | undefined>;

/** Area keys are compared without case or diacritics ("Cetate", "cetate" and "CETATE" are one area). */
export function areaKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface GeoPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

const EMAIL_FOOTER: Record<Locale, string> = {
  ro: 'Primiți acest mesaj pentru că urmăriți acest subiect pe Urbia.\nNu mai urmăriți:\n{stop}\nToate notificările și preferințele:\n{prefs}',
  en: 'You receive this because you follow this on Urbia.\nStop following:\n{stop}\nAll notifications and preferences:\n{prefs}',
  hu: 'Azért kapja ezt az üzenetet, mert követi ezt az Urbián.\nKövetés leállítása:\n{stop}\nÖsszes értesítés és beállítás:\n{prefs}',
};

const DIGEST_TEMPLATES = {
  'notifications.digest.daily': {
    ro: { subject: 'Rezumatul zilei pe Urbia: {count} noutăți', body: 'Noutățile despre ce urmăriți, cele mai noi primele.' },
    en: { subject: 'Your daily Urbia digest: {count} updates', body: 'News about what you follow, newest first.' },
    hu: { subject: 'Napi Urbia-összefoglaló: {count} újdonság', body: 'Hírek arról, amit követ, a legújabbak elöl.' },
  },
  'notifications.digest.weekly': {
    ro: { subject: 'Rezumatul săptămânii pe Urbia: {count} noutăți', body: 'Noutățile despre ce urmăriți, cele mai noi primele.' },
    en: { subject: 'Your weekly Urbia digest: {count} updates', body: 'News about what you follow, newest first.' },
    hu: { subject: 'Heti Urbia-összefoglaló: {count} újdonság', body: 'Hírek arról, amit követ, a legújabbak elöl.' },
  },
};

/** The local date (YYYY-MM-DD), hour (0–23), ISO weekday (1 = Monday) and ISO week (YYYY-Www) at `now` in a zone. */
export function localClock(now: Date, timeZone: string): { date: string; hour: number; weekday: number; isoWeek: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  // ISO week: the week of the Thursday of this date's week
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return { date, hour: Number(parts.hour), weekday, isoWeek: `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}` };
}

export class NotificationsService {
  readonly templates = new Templates();
  private readonly followables = new Map<string, Followable[]>();
  private readonly areaResolvers: AreaResolver[] = [];
  private readonly follows: FollowsRepository;
  private worker: OutboxWorker | undefined;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly publicUrl: () => string,
    worker?: OutboxWorker,
    /** the domain of the sender address, for the mailto: unsubscribe address */
    private readonly mailDomain = 'urbia.local',
  ) {
    this.follows = new FollowsRepository(repo.db);
    this.worker = worker;
    this.templates.register(DIGEST_TEMPLATES);
  }

  /** the database the hub writes to (routes pass it as the transaction of one-statement writes) */
  get db(): Kysely<Database> {
    return this.repo.db;
  }

  // ---------------------------------------------------------------- digests

  /**
   * Sends the daily or weekly digests due at `now`: one e-mail per person, grouped by the thing followed
   * (the group with the newest item first), newest first inside each group. The e-mails are queued in the
   * outbox and the items marked sent in one transaction: a crash before COMMIT leaves everything to send
   * again, after it everything is queued once (the outbox delivers it) — nothing twice, nothing lost.
   */
  async sendDigests(frequency: 'daily' | 'weekly', now: Date = new Date()): Promise<number> {
    return this.repo.db.transaction().execute((trx) => this.digestsIn(trx, frequency, now));
  }

  /** Queues the due digests (of one city, or all) in the caller's transaction; returns how many people get one. */
  private async digestsIn(trx: Transaction<Database>, frequency: 'daily' | 'weekly', now: Date, tenantId?: number): Promise<number> {
    const base = this.publicUrl();
    const rows = await this.repo.dueDigestItems(trx, frequency, now, tenantId);
    const byUser = new Map<string, typeof rows>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    for (const items of byUser.values()) {
      const locale = ((LOCALES as readonly string[]).includes(items[0]!.locale) ? items[0]!.locale : 'ro') as Locale;
      const groups = new Map<string, typeof rows>();
      for (const it of items) groups.set(`${it.thing_kind}:${it.thing_id}`, [...(groups.get(`${it.thing_kind}:${it.thing_id}`) ?? []), it]);
      const head = this.templates.render(`notifications.digest.${frequency}`, { count: items.length }, locale);
      const sections = [...groups.values()].map((g) => g.map((it) => `• ${it.subject}\n${it.body}${it.link ? `\n${it.link}` : ''}`).join('\n\n'));
      const footer = t('email.notification.footer', locale, { link: new URL('/account', base).toString() });
      await emit(trx, 'notifications.email.requested', { to: items[0]!.email, subject: head.subject, text: [head.body, ...sections, `—\n${footer}`].join('\n\n———\n\n') }, items[0]!.tenant_id);
    }
    await this.repo.markDigestSent(trx, rows.map((r) => String(r.id)), now);
    return byUser.size;
  }

  /**
   * The digest clock: for each city whose digest hour has come (local time in its zone), sends the daily
   * digests of that local date and, on its weekly day, the weekly digests of that ISO week — each under a
   * unique key per city + frequency + period, claimed in the same transaction that queues the e-mails and
   * marks the items sent. Any number of processes may call this at any moment: each period goes out once;
   * a crash before COMMIT leaves it to the next tick, after COMMIT it is done. Returns the runs it made.
   */
  async runDueDigests(now: Date = new Date()): Promise<{ tenantId: number; frequency: 'daily' | 'weekly'; period: string; people: number }[]> {
    const runs: { tenantId: number; frequency: 'daily' | 'weekly'; period: string; people: number }[] = [];
    for (const s of await this.repo.digestSchedules()) {
      const c = localClock(now, s.time_zone);
      if (c.hour < s.hour) continue;
      const due: ['daily' | 'weekly', string][] = [['daily', c.date]];
      if (c.weekday === s.weekly_day) due.push(['weekly', c.isoWeek]);
      for (const [frequency, period] of due) {
        const people = await this.repo.db.transaction().execute(async (trx) => {
          if (!(await this.repo.claimDigestRun(trx, s.tenant_id, frequency, period))) return undefined;
          const n = await this.digestsIn(trx, frequency, now, s.tenant_id);
          await this.repo.finishDigestRun(trx, s.tenant_id, frequency, period, n);
          return n;
        });
        if (people !== undefined) runs.push({ tenantId: s.tenant_id, frequency, period, people });
      }
    }
    return runs;
  }

  /** A city's digest hour, zone and weekly day (the defaults when never set). */
  async digestSchedule(tenantId: number) {
    const s = (await this.repo.digestSchedules()).find((r) => r.tenant_id === tenantId);
    return { hour: Number(s?.hour ?? 8), timeZone: s?.time_zone ?? 'Europe/Bucharest', weeklyDay: Number(s?.weekly_day ?? 1) };
  }

  /** Changes a city's digest schedule; audited (`notifications.digestSchedule.set`, before and after). */
  async setDigestSchedule(tenantId: number, input: { hour: number; timeZone: string; weeklyDay: number }, actor: Actor = SYSTEM) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
    } catch {
      throw validationFailed([{ field: 'timeZone', message: 'not an IANA time zone (e.g. Europe/Bucharest)', code: 'invalid_value' }]);
    }
    const before = await this.digestSchedule(tenantId);
    await this.repo.db.transaction().execute(async (trx) => {
      await this.repo.saveDigestSchedule(trx, tenantId, { hour: input.hour, time_zone: input.timeZone, weekly_day: input.weeklyDay });
      await writeAudit(trx, actor, { tenantId, action: 'notifications.digestSchedule.set', entityType: 'notifications_digest_settings', entityId: String(tenantId), before, after: input });
    });
    return this.digestSchedule(tenantId);
  }

  private digestTimer: NodeJS.Timeout | undefined;

  /** Ticks the digest clock every few minutes in a running server (tests call {@link runDueDigests} with a fake clock). */
  /** What the hub keeps about a person (follows, preferences, inbox, digests, devices, phone), for their data export. */
  personalData(userId: string, trx: Transaction<Database>) {
    return this.repo.personalData(trx, userId);
  }

  startDigestClock(everyMs = 300_000, log?: { error(o: object, m: string): void }): void {
    if (this.digestTimer) return;
    const tick = () => void this.runDueDigests().catch((e: unknown) => log?.error({ err: e }, 'digest run failed'));
    this.digestTimer = setInterval(tick, everyMs);
    this.digestTimer.unref();
  }

  stopDigestClock(): void {
    if (this.digestTimer) clearInterval(this.digestTimer);
    this.digestTimer = undefined;
  }

  // ---------------------------------------------------------------- registration

  /** A module offers a kind of thing to follow. Several modules may offer the same kind (e.g. `area`). */
  registerFollowable(kind: string, f: Followable): void {
    this.followables.set(kind, [...(this.followables.get(kind) ?? []), f]);
  }

  /**
   * A module that knows the city's named areas (neighbourhoods) says which of them hold a point, so any
   * notice with a point reaches the followers of its neighbourhood (a project there, a sensor there).
   */
  registerAreaResolver(resolve: AreaResolver): void {
    this.areaResolvers.push(resolve);
  }

  followableKinds(): string[] {
    return [...this.followables.keys()].sort();
  }

  registerTemplates(templates: Record<string, TemplateText>): void {
    this.templates.register(templates);
  }

  /**
   * An event of this type becomes notifications for the followers of what `build` says it is about. The
   * fan-out runs from the outbox after the change committed, in its own transaction, once per event.
   */
  on<T extends EventType>(type: T, build: NoticeBuilder<T>): void {
    if (!this.worker) throw new Error('the notifications hub has no outbox worker');
    this.worker.on(type, async (event) => {
      const built = await build(event);
      const notices = built ? (Array.isArray(built) ? built : [built]) : [];
      // Several notices from one event share the event's marker: only the first is keyed by the event id.
      for (const [i, n] of notices.entries()) await this.fanOut(i === 0 ? event.id : -(event.id * 100 + i), n);
    });
  }

  // ---------------------------------------------------------------- follows

  /** Follows a thing for a person (or an address without an account); true when new. In the caller's transaction. */
  follow(q: Q, f: { tenantId: number; kind: string; id: string; userId?: string | null; email?: string | null; implicit?: boolean; pendingTokenHash?: string | undefined }): Promise<boolean> {
    return this.follows.follow(q, { tenantId: f.tenantId, kind: f.kind, target: f.kind === 'area' ? areaKey(f.id) : f.id, userId: f.userId, email: f.email, implicit: f.implicit, pendingTokenHash: f.pendingTokenHash });
  }

  /** The confirmation link of a pending follow (double opt-in): returns what it follows, once; else undefined. */
  confirmFollow(q: Q, tokenHash: string) {
    return this.follows.confirm(q, tokenHash);
  }

  /** Drops pending follows of a kind whose confirmation link nobody opened within `days`. */
  expirePendingFollows(kind: string, days: number): Promise<number> {
    return this.follows.expirePending(kind, days);
  }

  followMany(q: Q, f: { tenantId: number; kind: string; id: string }, userIds: string[]): Promise<number> {
    return this.follows.followMany(q, { tenantId: f.tenantId, kind: f.kind, target: f.id }, [...new Set(userIds)]);
  }

  unfollow(q: Q, f: { tenantId: number; kind: string; id: string; userId?: string | null; email?: string | null }): Promise<boolean> {
    return this.follows.unfollow(q, { tenantId: f.tenantId, kind: f.kind, target: f.kind === 'area' ? areaKey(f.id) : f.id }, f);
  }

  isFollowing(tenantId: number, kind: string, id: string, userId: string, q?: Q): Promise<boolean> {
    return this.follows.isFollowing({ tenantId, kind, target: kind === 'area' ? areaKey(id) : id }, userId, q);
  }

  /** The accounts following one thing (read in the caller's transaction when given). */
  followerUserIds(tenantId: number, kind: string, id: string, q?: Q): Promise<string[]> {
    return this.follows.userIds({ tenantId, kind, target: kind === 'area' ? areaKey(id) : id }, q);
  }

  followerCounts(tenantId: number, kind: string, ids: string[], q?: Q): Promise<Map<string, number>> {
    return this.follows.counts(tenantId, kind, ids, q);
  }

  async followerCount(tenantId: number, kind: string, id: string, q?: Q): Promise<number> {
    return (await this.follows.counts(tenantId, kind, [id], q)).get(id) ?? 0;
  }

  /** A thing was deleted: nobody follows it any more. */
  dropFollows(q: Q, f: { tenantId: number; kind: string; id: string }): Promise<void> {
    return this.follows.dropThing(q, { tenantId: f.tenantId, kind: f.kind, target: f.id });
  }

  /** Everyone who follows `from` now also follows `toId` (a merged duplicate); returns how many were new. */
  copyFollowers(q: Q, from: { tenantId: number; kind: string; id: string }, toId: string, toKind = from.kind): Promise<number> {
    return this.follows.copyFollowers(q, { tenantId: from.tenantId, kind: from.kind, target: from.id }, toId, toKind);
  }

  /** The one-click link in e-mails: ends the follow with this token (once). */
  async unfollowByToken(q: Q, token: string) {
    if (!/^[0-9a-f-]{36}$/i.test(token)) return undefined;
    return this.follows.unfollowByToken(q, token);
  }

  followByToken(token: string) {
    return /^[0-9a-f-]{36}$/i.test(token) ? this.follows.byToken(token) : Promise.resolve(undefined);
  }

  /** What a person follows (all cities, or one). */
  myFollows(userId: string, tenantId?: number) {
    return this.follows.listForUser(userId, tenantId);
  }

  /** Follows a thing for the caller after checking it exists and they may see it (404 otherwise). */
  async followChecked(actor: Actor, tenant: TenantRow, input: { kind: string; id?: string | undefined; polygon?: GeoPolygon | undefined }, on: boolean): Promise<{ kind: string; id: string }> {
    if (actor.kind !== 'user') throw new AppError(401, 'unauthorized', 'Sign in to follow.');
    const checks = this.followables.get(input.kind);
    if (!checks) throw validationFailed([{ field: 'kind', message: `not a kind of thing one can follow here (one of: ${this.followableKinds().join(', ')})`, code: 'invalid_value' }]);
    if (input.kind === 'area' && input.polygon) {
      const ring = input.polygon.coordinates[0]!;
      const target = `p-${createHash('sha256').update(JSON.stringify(input.polygon.coordinates)).digest('hex').slice(0, 16)}`;
      if (on) {
        const lons = ring.map((p) => p[0]!);
        const lats = ring.map((p) => p[1]!);
        await this.follows.follow(this.repo.db, {
          tenantId: tenant.id, kind: 'area', target, userId: actor.user.id, polygon: input.polygon,
          box: { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) },
        });
      } else await this.follows.unfollow(this.repo.db, { tenantId: tenant.id, kind: 'area', target }, { userId: actor.user.id });
      return { kind: 'area', id: target };
    }
    if (!input.id) throw validationFailed([{ field: 'id', message: 'say which one to follow', code: 'required' }]);
    const id = input.kind === 'area' ? areaKey(input.id) : input.id;
    if (on) {
      // A drawn area is its own proof of existence; anything else must exist and be visible to the caller.
      const drawn = input.kind === 'area' && id.startsWith('p-');
      let seen = drawn && (await this.follows.isFollowing({ tenantId: tenant.id, kind: 'area', target: id }, actor.user.id));
      for (const c of checks) if (!seen) seen = await c.exists(actor, tenant, input.id);
      if (!seen) throw notFound(input.kind);
      await this.follows.follow(this.repo.db, { tenantId: tenant.id, kind: input.kind, target: id, userId: actor.user.id });
    } else if (!(await this.follows.unfollow(this.repo.db, { tenantId: tenant.id, kind: input.kind, target: id }, { userId: actor.user.id }))) throw notFound('follow');
    return { kind: input.kind, id };
  }

  // ---------------------------------------------------------------- feeds

  /**
   * The Atom feed of a followable thing or map area: 404 for a kind one cannot follow, and for a thing that
   * does not exist or that the caller may not see (the same checks as a follow).
   */
  async feed(actor: Actor, tenant: TenantRow, kind: string, id: string, locale: Locale): Promise<string> {
    const checks = this.followables.get(kind);
    if (!checks || !id) throw notFound('feed');
    let seen = false;
    for (const c of checks) if (!seen) seen = await c.exists(actor, tenant, id);
    if (!seen) throw notFound(kind);
    const target = kind === 'area' ? areaKey(id) : id;
    const base = this.publicUrl();
    return atomFeed({
      selfUrl: new URL(`/api/v1/tenants/${tenant.slug}/feeds/${encodeURIComponent(kind)}/${encodeURIComponent(id)}.atom`, base).toString(),
      alternate: null,
      city: tenant.name as Multiloc,
      kind,
      id,
      locale,
      entries: await this.follows.feedEntries(tenant.id, kind, target),
      created: tenant.created_at,
    });
  }

  // ---------------------------------------------------------------- fan-out

  private async fanOut(eventId: number, n: Notice): Promise<number> {
    const base = this.publicUrl();
    const rendered = this.templates.renderAll(n.template, n.params);
    const prefs = new URL('/account', base).toString();
    const stop = `${new URL('/unsubscribe/', base).toString()}{token}`;
    const footer = Object.fromEntries(LOCALES.map((l) => [l, EMAIL_FOOTER[l].replace('{stop}', stop).replace('{prefs}', prefs)])) as Record<Locale, string>;
    return this.repo.db.transaction().execute(async (trx) => {
      const tenant = await this.follows.tenantLocale(trx, n.tenantId);
      const areaKeys = n.area?.key ? [areaKey(n.area.key)] : [];
      const polygonIds: string[] = [];
      const { lat, lon } = n.area ?? {};
      if (lat != null && lon != null) {
        for (const resolve of this.areaResolvers)
          for (const k of await resolve(n.tenantId, lat, lon)) if (!areaKeys.includes(areaKey(k))) areaKeys.push(areaKey(k));
        for (const p of await this.follows.polygonsAround(trx, n.tenantId, lat, lon))
          if (pointInRing(lon, lat, (p.polygon as GeoPolygon).coordinates[0] ?? [])) polygonIds.push(String(p.id));
      }
      return this.follows.fanOut(trx, {
        eventId,
        tenantId: n.tenantId,
        kind: n.template,
        thingKind: n.thing.kind,
        thingId: n.thing.id,
        alsoThings: (n.alsoThings ?? []).filter((x) => x.kind !== n.thing.kind || x.id !== n.thing.id),
        link: new URL(n.link, base).toString(),
        areaKeys,
        polygonIds,
        alsoUsers: n.alsoUsers ?? [],
        followers: n.followers !== false,
        exceptUsers: n.exceptUsers ?? [],
        rendered,
        footer,
        unsubscribeUrl: new URL('/api/v1/unsubscribe/', base).toString(),
        unsubscribeMailto: `unsubscribe+{token}@${this.mailDomain}`,
        tenantLocale: (LOCALES as readonly string[]).includes(tenant.default_locale) ? (tenant.default_locale as Locale) : 'ro',
        email: n.email !== false,
      });
    });
  }

  // ---------------------------------------------------------------- direct notifications

  /**
   * Puts a notification in the user's inbox and queues its email, inside the caller's transaction: the
   * notification exists exactly when the change that caused it does, and the email survives a crash.
   */
  async notify(trx: Q, n: NotifyInput): Promise<void> {
    const link = n.link ? new URL(n.link, this.publicUrl()).toString() : null;
    await this.repo.insert(trx, { user_id: n.user.id, tenant_id: n.tenantId, kind: n.kind, subject: n.subject, body: n.body, link });
    if (n.email !== false) {
      const footer = t('email.notification.footer', n.user.locale, { link: new URL('/account', this.publicUrl()).toString() });
      const text = [n.body, link ?? '', '', '—', footer].filter((l, i) => l !== '' || i > 1).join('\n');
      await emit(trx, 'notifications.email.requested', { to: n.user.email, subject: n.subject, text }, n.tenantId);
    }
  }

  /**
   * Notifies people by account id, each in their own language: modules keep only the ids of who follows
   * what, and the address and language are looked up here, in the caller's transaction. Deleted accounts
   * are skipped.
   */
  async notifyUsers(trx: Q, userIds: string[], tenantId: number | null, compose: (locale: Locale) => Omit<NotifyInput, 'user' | 'tenantId'>): Promise<void> {
    for (const u of await this.repo.contacts(trx, [...new Set(userIds)])) {
      const locale = (['ro', 'en', 'hu'].includes(u.locale) ? u.locale : 'ro') as Locale;
      await this.notify(trx, { ...compose(locale), user: { id: u.id, email: u.email, locale }, tenantId });
    }
  }

  /** Queues an email that is not an inbox notification (verification, password reset). */
  async email(trx: Q, mail: EventMap['notifications.email.requested']): Promise<void> {
    await emit(trx, 'notifications.email.requested', mail, null);
  }

  inbox(userId: string, limit = 50) {
    return this.repo.listForUser(userId, limit);
  }

  unread(userId: string) {
    return this.repo.countUnread(userId);
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.repo.markRead(userId, id))) throw notFound('notification');
  }

  /** A person's preferences for every kind of notification (defaults where they chose nothing). */
  async preferences(userId: string) {
    const saved = new Map((await this.repo.preferences(userId)).map((p) => [p.kind, p]));
    return this.templates.keys().filter((k) => !k.startsWith('notifications.')).map((kind) => {
      const p = saved.get(kind);
      return { kind, inbox: p?.inbox ?? true, email: p?.email ?? true, push: p?.push ?? false, sms: p?.sms ?? false, emailFrequency: p?.email_frequency ?? ('immediate' as const) };
    });
  }

  /** Changes some kinds' preferences (unknown kinds: 400 naming the item); fields left out keep their value. */
  async setPreferences(userId: string, items: { kind: string; inbox?: boolean | undefined; email?: boolean | undefined; push?: boolean | undefined; sms?: boolean | undefined; emailFrequency?: 'immediate' | 'daily' | 'weekly' | 'off' | undefined }[]) {
    const bad = items.flatMap((it, i) => (this.templates.has(it.kind) ? [] : [{ field: `items[${i}].kind`, message: 'not a kind of notification', code: 'invalid_value' }]));
    if (bad.length) throw validationFailed(bad);
    const current = new Map((await this.preferences(userId)).map((p) => [p.kind, p]));
    await this.repo.db.transaction().execute((trx) =>
      this.repo.savePreferences(
        trx,
        userId,
        items.map((it) => {
          const c = current.get(it.kind)!;
          return { kind: it.kind, inbox: it.inbox ?? c.inbox, email: it.email ?? c.email, push: it.push ?? c.push, sms: it.sms ?? c.sms, email_frequency: it.emailFrequency ?? c.emailFrequency };
        }),
      ),
    );
    return this.preferences(userId);
  }

  /** An erased account: its follows go (content is anonymised by each module's own handler). */
  forgetUser(q: Q, userId: string): Promise<void> {
    return this.follows.dropUser(q, userId);
  }

  /** Wires the email channel and account erasure to the outbox. */
  static subscribe(worker: OutboxWorker, mailer: Mailer, hub?: NotificationsService): void {
    worker.on('notifications.email.requested', async (event) => {
      await mailer.send(event.payload);
    });
    if (hub)
      worker.on('users.account.deleted', async (event) => {
        await hub.forgetUser(hub.repo.db, event.payload.userId);
      });
  }
}

/** The notifications hub over its repositories on `db` (the app's wiring and tests). */
export function createNotificationsService(db: Db, publicUrl: () => string, worker?: OutboxWorker, mailDomain?: string): NotificationsService {
  return new NotificationsService(new NotificationsRepository(db), publicUrl, worker, mailDomain);
}
