/**
 * The notifications hub. Modules use it through this one service: they register the kinds of thing a
 * person can follow (with an existence and visibility check), their notification templates (ro/en/hu), and
 * which of their domain events become notifications; the hub keeps the follows, and turns each such event
 * into inbox rows and e-mails for the followers, each in the recipient's language, exactly once.
 * Its parts live in resource folders (follows, feed, inbox, preferences, digests); this class registers,
 * fans out, and is the one API the routes and other modules call.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../core/actor.js';
import type { Database, Db } from '../../core/db.js';
import type { EventMap, EventType, OutboxWorker } from '../../core/events.js';
import { pointInRing } from '../../core/geo.js';
import { LOCALES, type Locale } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import { DigestsRepository } from './digests/digests.repository.js';
import { DIGEST_TEMPLATES, DigestsService } from './digests/digests.service.js';
import { FeedService } from './feed/feed.service.js';
import { FollowsRepository } from './follows/follows.repository.js';
import { FollowsService } from './follows/follows.service.js';
import { InboxService } from './inbox/inbox.service.js';
import type { Mailer } from './notifications.mailer.js';
import { areaKey, type AreaResolver, type Followable, type GeoPolygon, type Notice, type NoticeBuilder, type NotifyInput, type Q } from './notifications.common.js';
import { NotificationsRepository } from './notifications.repository.js';
import { Templates, type TemplateText } from './notifications.templates.js';
import { PreferencesRepository } from './preferences/preferences.repository.js';
import { PreferencesService } from './preferences/preferences.service.js';

const EMAIL_FOOTER: Record<Locale, string> = {
  ro: 'Primiți acest mesaj pentru că urmăriți acest subiect pe Urbia.\nNu mai urmăriți:\n{stop}\nToate notificările și preferințele:\n{prefs}',
  en: 'You receive this because you follow this on Urbia.\nStop following:\n{stop}\nAll notifications and preferences:\n{prefs}',
  hu: 'Azért kapja ezt az üzenetet, mert követi ezt az Urbián.\nKövetés leállítása:\n{stop}\nÖsszes értesítés és beállítás:\n{prefs}',
};

export class NotificationsService {
  readonly templates = new Templates();
  private readonly followables = new Map<string, Followable[]>();
  private readonly areaResolvers: AreaResolver[] = [];
  private readonly follows: FollowsRepository;
  private readonly followsPart: FollowsService;
  private readonly feedPart: FeedService;
  private readonly inboxPart: InboxService;
  private readonly preferencesPart: PreferencesService;
  private readonly digests: DigestsService;
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
    const checks = (kind: string) => this.followables.get(kind);
    this.followsPart = new FollowsService({ db: repo.db, follows: this.follows, checks, kinds: () => this.followableKinds() });
    this.feedPart = new FeedService({ follows: this.follows, checks, publicUrl });
    this.inboxPart = new InboxService({ repo, publicUrl });
    this.preferencesPart = new PreferencesService({ repo: new PreferencesRepository(repo.db), templates: this.templates });
    this.digests = new DigestsService({ repo: new DigestsRepository(repo.db), templates: this.templates, publicUrl });
  }

  /** the database the hub writes to (routes pass it as the transaction of one-statement writes) */
  get db(): Kysely<Database> {
    return this.repo.db;
  }

  // ---------------------------------------------------------------- digests (digests/)

  sendDigests(frequency: 'daily' | 'weekly', now?: Date): Promise<number> {
    return this.digests.sendDigests(frequency, now);
  }

  runDueDigests(now?: Date) {
    return this.digests.runDueDigests(now);
  }

  digestSchedule(tenantId: number) {
    return this.digests.digestSchedule(tenantId);
  }

  setDigestSchedule(tenantId: number, input: { hour: number; timeZone: string; weeklyDay: number }, actor?: Actor) {
    return this.digests.setDigestSchedule(tenantId, input, actor);
  }

  startDigestClock(everyMs?: number, log?: { error(o: object, m: string): void }): void {
    this.digests.startDigestClock(everyMs, log);
  }

  stopDigestClock(): void {
    this.digests.stopDigestClock();
  }

  /** What the hub keeps about a person (follows, preferences, inbox, digests, devices, phone), for their data export. */
  personalData(userId: string, trx: Transaction<Database>) {
    return this.repo.personalData(trx, userId);
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

  // ---------------------------------------------------------------- follows (follows/)

  /** Follows a thing for a person (or an address without an account); true when new. In the caller's transaction. */
  follow(q: Q, f: Parameters<FollowsService['follow']>[1]): Promise<boolean> {
    return this.followsPart.follow(q, f);
  }

  /** The confirmation link of a pending follow (double opt-in): returns what it follows, once; else undefined. */
  confirmFollow(q: Q, tokenHash: string) {
    return this.followsPart.confirmFollow(q, tokenHash);
  }

  /** Drops pending follows of a kind whose confirmation link nobody opened within `days`. */
  expirePendingFollows(kind: string, days: number): Promise<number> {
    return this.followsPart.expirePendingFollows(kind, days);
  }

  followMany(q: Q, f: { tenantId: number; kind: string; id: string }, userIds: string[]): Promise<number> {
    return this.followsPart.followMany(q, f, userIds);
  }

  unfollow(q: Q, f: { tenantId: number; kind: string; id: string; userId?: string | null; email?: string | null }): Promise<boolean> {
    return this.followsPart.unfollow(q, f);
  }

  isFollowing(tenantId: number, kind: string, id: string, userId: string, q?: Q): Promise<boolean> {
    return this.followsPart.isFollowing(tenantId, kind, id, userId, q);
  }

  /** The accounts following one thing (read in the caller's transaction when given). */
  followerUserIds(tenantId: number, kind: string, id: string, q?: Q): Promise<string[]> {
    return this.followsPart.followerUserIds(tenantId, kind, id, q);
  }

  followerCounts(tenantId: number, kind: string, ids: string[], q?: Q): Promise<Map<string, number>> {
    return this.followsPart.followerCounts(tenantId, kind, ids, q);
  }

  followerCount(tenantId: number, kind: string, id: string, q?: Q): Promise<number> {
    return this.followsPart.followerCount(tenantId, kind, id, q);
  }

  /** A thing was deleted: nobody follows it any more. */
  dropFollows(q: Q, f: { tenantId: number; kind: string; id: string }): Promise<void> {
    return this.followsPart.dropFollows(q, f);
  }

  /** Everyone who follows `from` now also follows `toId` (a merged duplicate); returns how many were new. */
  copyFollowers(q: Q, from: { tenantId: number; kind: string; id: string }, toId: string, toKind?: string): Promise<number> {
    return this.followsPart.copyFollowers(q, from, toId, toKind);
  }

  /** The one-click link in e-mails: ends the follow with this token (once). */
  unfollowByToken(q: Q, token: string) {
    return this.followsPart.unfollowByToken(q, token);
  }

  followByToken(token: string) {
    return this.followsPart.followByToken(token);
  }

  /** What a person follows (all cities, or one). */
  myFollows(userId: string, tenantId?: number) {
    return this.followsPart.myFollows(userId, tenantId);
  }

  /** Follows a thing for the caller after checking it exists and they may see it (404 otherwise). */
  followChecked(actor: Actor, tenant: TenantRow, input: { kind: string; id?: string | undefined; polygon?: GeoPolygon | undefined }, on: boolean): Promise<{ kind: string; id: string }> {
    return this.followsPart.followChecked(actor, tenant, input, on);
  }

  /** An erased account: its follows go (content is anonymised by each module's own handler). */
  forgetUser(q: Q, userId: string): Promise<void> {
    return this.followsPart.forgetUser(q, userId);
  }

  // ---------------------------------------------------------------- feeds (feed/)

  /** The Atom feed of a followable thing or map area (404 as for a follow of it). */
  feed(actor: Actor, tenant: TenantRow, kind: string, id: string, locale: Locale): Promise<string> {
    return this.feedPart.feed(actor, tenant, kind, id, locale);
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

  // ---------------------------------------------------------------- direct notifications (inbox/)

  /** Puts a notification in the user's inbox and queues its email, inside the caller's transaction. */
  notify(trx: Q, n: NotifyInput): Promise<void> {
    return this.inboxPart.notify(trx, n);
  }

  /** Notifies people by account id, each in their own language (deleted accounts skipped), in the caller's transaction. */
  notifyUsers(trx: Q, userIds: string[], tenantId: number | null, compose: (locale: Locale) => Omit<NotifyInput, 'user' | 'tenantId'>): Promise<void> {
    return this.inboxPart.notifyUsers(trx, userIds, tenantId, compose);
  }

  /** Queues an email that is not an inbox notification (verification, password reset). */
  email(trx: Q, mail: EventMap['notifications.email.requested']): Promise<void> {
    return this.inboxPart.email(trx, mail);
  }

  inbox(userId: string, limit?: number) {
    return this.inboxPart.inbox(userId, limit);
  }

  unread(userId: string) {
    return this.inboxPart.unread(userId);
  }

  markRead(userId: string, id: string): Promise<void> {
    return this.inboxPart.markRead(userId, id);
  }

  // ---------------------------------------------------------------- preferences (preferences/)

  /** A person's preferences for every kind of notification (defaults where they chose nothing). */
  preferences(userId: string) {
    return this.preferencesPart.preferences(userId);
  }

  /** Changes some kinds' preferences (unknown kinds: 400 naming the item); fields left out keep their value. */
  setPreferences(userId: string, items: Parameters<PreferencesService['setPreferences']>[1]) {
    return this.preferencesPart.setPreferences(userId, items);
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
