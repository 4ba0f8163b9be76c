/**
 * The hub's SQL: follows of any kind of thing, and the fan-out of one event to everyone who follows what it
 * is about, written set-based (one statement per step, whatever the number of followers).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Locale } from '../../../core/i18n.js';
import type { Rendered } from '../notifications.templates.js';
import '../notifications.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
export type FollowRow = Selectable<Database['notifications_follows']>;

export interface FollowKey {
  tenantId: number;
  kind: string;
  target: string;
}

export interface FanOut {
  eventId: number;
  tenantId: number;
  kind: string;
  thingKind: string;
  thingId: string;
  /** other followed things whose followers hear too (e.g. an alert type besides the sensor) */
  alsoThings: { kind: string; id: string }[];
  /** absolute URL */
  link: string | null;
  /** area follows that match (area keys), and drawn areas (follow ids) that contain the point */
  areaKeys: string[];
  polygonIds: string[];
  alsoUsers: string[];
  /** whether the thing's (and area's) followers hear, or only `alsoUsers` */
  followers: boolean;
  exceptUsers: string[];
  rendered: Record<Locale, Rendered>;
  /** e-mail text appended after the body, per language; `{token}` is the follow's unsubscribe token */
  footer: Record<Locale, string>;
  /** the one-click unsubscribe URL, to which the token is appended, and the mailto address (`{token}` in it) */
  unsubscribeUrl: string;
  unsubscribeMailto: string;
  /** the language of followers without an account */
  tenantLocale: Locale;
  email: boolean;
}

export class FollowsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds a follow; true when it is new (false when that person or address already follows, confirmed or not).
   * With `pendingTokenHash` the follow waits for its confirmation link (double opt-in): it is neither counted
   * nor notified until {@link confirm}.
   */
  async follow(q: Q, f: FollowKey & { userId?: string | null; email?: string | null; implicit?: boolean; polygon?: unknown; box?: { minLon: number; minLat: number; maxLon: number; maxLat: number }; pendingTokenHash?: string | undefined }): Promise<boolean> {
    const r = await q
      .insertInto('notifications_follows')
      .values({
        tenant_id: f.tenantId,
        kind: f.kind,
        target: f.target,
        user_id: f.userId ?? null,
        email: f.userId ? null : (f.email ?? null),
        implicit: f.implicit ?? false,
        polygon: f.polygon === undefined ? null : JSON.stringify(f.polygon),
        min_lon: f.box?.minLon ?? null,
        min_lat: f.box?.minLat ?? null,
        max_lon: f.box?.maxLon ?? null,
        max_lat: f.box?.maxLat ?? null,
        ...(f.pendingTokenHash ? { confirmed_at: null, confirm_token_hash: f.pendingTokenHash } : {}),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!r;
  }

  /** Many people follow one thing at once (implicit follows, e.g. a winning budget project's voters). */
  async followMany(q: Q, key: FollowKey, userIds: string[]): Promise<number> {
    if (!userIds.length) return 0;
    const r = await sql`insert into notifications_follows (tenant_id, kind, target, user_id, implicit)
      select ${key.tenantId}::int, ${key.kind}, ${key.target}, u.id, true from users u where u.id = any(${userIds}::uuid[]) and u.deleted_at is null
      on conflict do nothing`.execute(q);
    return Number(r.numAffectedRows ?? 0);
  }

  async unfollow(q: Q, key: FollowKey, who: { userId?: string | null; email?: string | null }): Promise<boolean> {
    let d = q.deleteFrom('notifications_follows').where('tenant_id', '=', key.tenantId).where('kind', '=', key.kind).where('target', '=', key.target);
    d = who.userId ? d.where('user_id', '=', who.userId) : d.where('email', '=', who.email ?? '');
    const r = await d.executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Confirms the pending follow holding this token hash (once); returns what it follows, or undefined. */
  confirm(q: Q, hash: string) {
    return q
      .updateTable('notifications_follows')
      .set({ confirmed_at: sql<Date>`now()`, confirm_token_hash: null })
      .where('confirm_token_hash', '=', hash)
      .where('confirmed_at', 'is', null)
      .returning(['tenant_id', 'kind', 'target'])
      .executeTakeFirst();
  }

  /** Drops confirmation requests of one kind nobody answered within `days` (they were never counted). */
  async expirePending(kind: string, days: number): Promise<number> {
    const r = await this.db.deleteFrom('notifications_follows').where('kind', '=', kind).where('confirmed_at', 'is', null).where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  unfollowByToken(q: Q, token: string) {
    return q.deleteFrom('notifications_follows').where('unsubscribe_token', '=', token).returning(['tenant_id', 'kind', 'target', 'user_id', 'email']).executeTakeFirst();
  }

  byToken(token: string) {
    return this.db.selectFrom('notifications_follows').select(['tenant_id', 'kind', 'target', 'user_id', 'email']).where('unsubscribe_token', '=', token).executeTakeFirst();
  }

  /** Drops every follow of a thing that is gone. */
  async dropThing(q: Q, key: FollowKey): Promise<void> {
    await q.deleteFrom('notifications_follows').where('tenant_id', '=', key.tenantId).where('kind', '=', key.kind).where('target', '=', key.target).execute();
  }

  /** Copies one thing's followers to another (a duplicate report merged into the original); returns how many were new. */
  async copyFollowers(q: Q, from: FollowKey, toTarget: string, toKind: string): Promise<number> {
    const r = await sql`insert into notifications_follows (tenant_id, kind, target, user_id, email, implicit)
      select tenant_id, ${toKind}, ${toTarget}, user_id, email, implicit from notifications_follows
      where tenant_id = ${from.tenantId} and kind = ${from.kind} and target = ${from.target} and confirmed_at is not null
      on conflict do nothing`.execute(q);
    return Number(r.numAffectedRows ?? 0);
  }

  async isFollowing(key: FollowKey, userId: string, q: Q = this.db): Promise<boolean> {
    return !!(await q.selectFrom('notifications_follows').select('id').where('tenant_id', '=', key.tenantId).where('kind', '=', key.kind).where('target', '=', key.target).where('user_id', '=', userId).executeTakeFirst());
  }

  /** The accounts (not deleted) following one thing. */
  async userIds(key: FollowKey, q: Q = this.db): Promise<string[]> {
    const rows = await q
      .selectFrom('notifications_follows as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select('f.user_id')
      .where('f.tenant_id', '=', key.tenantId)
      .where('f.kind', '=', key.kind)
      .where('f.target', '=', key.target)
      .where('f.confirmed_at', 'is not', null)
      .where('u.deleted_at', 'is', null)
      .execute();
    return rows.map((r) => r.user_id!);
  }

  /** Follower counts of several things of one kind, in one statement. */
  async counts(tenantId: number, kind: string, targets: string[], q: Q = this.db): Promise<Map<string, number>> {
    if (!targets.length) return new Map();
    const rows = await q
      .selectFrom('notifications_follows')
      .select(['target', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .where('target', 'in', targets)
      .where('confirmed_at', 'is not', null)
      .groupBy('target')
      .execute();
    return new Map(rows.map((r) => [r.target, Number(r.n)]));
  }

  /** A person's follows, with the city's slug. */
  listForUser(userId: string, tenantId?: number) {
    let q = this.db
      .selectFrom('notifications_follows as f')
      .innerJoin('tenants as t', 't.id', 'f.tenant_id')
      .select(['f.id', 't.slug as tenant', 'f.kind', 'f.target', 'f.polygon', 'f.implicit', 'f.created_at'])
      .where('f.user_id', '=', userId)
      .where('f.confirmed_at', 'is not', null);
    if (tenantId !== undefined) q = q.where('f.tenant_id', '=', tenantId);
    return q.orderBy('f.created_at', 'desc').orderBy('f.id').execute();
  }

  /** Drawn areas of a city whose box contains the point (the exact test is done by the caller). */
  polygonsAround(q: Q, tenantId: number, lat: number, lon: number) {
    return q
      .selectFrom('notifications_follows')
      .select(['id', 'polygon'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'area')
      .where('polygon', 'is not', null)
      .where('min_lon', '<=', lon)
      .where('max_lon', '>=', lon)
      .where('min_lat', '<=', lat)
      .where('max_lat', '>=', lat)
      .execute();
  }

  /** Everything tied to a person goes (account erasure). */
  async dropUser(q: Q, userId: string): Promise<void> {
    await q.deleteFrom('notifications_follows').where('user_id', '=', userId).execute();
  }

  /** The newest feed entries of one thing (or area). */
  feedEntries(tenantId: number, kind: string, id: string, limit = 50) {
    return this.db.selectFrom('notifications_feed_entries').selectAll().where('tenant_id', '=', tenantId).where('thing_kind', '=', kind).where('thing_id', '=', id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  tenantLocale(q: Q, tenantId: number) {
    return q.selectFrom('tenants').select(['slug', 'default_locale']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  }

  /**
   * Turns one event into notifications, once: the marker row for the event is written first, so a retried
   * or restarted fan-out (the outbox delivers at least once) finds it and adds nothing; everything runs in
   * the caller's transaction, so a crash leaves either all of it or none. Returns the number of people.
   */
  async fanOut(trx: Transaction<Database>, f: FanOut): Promise<number> {
    const mark = await trx.insertInto('notifications_fanouts').values({ event_id: f.eventId, recipients: 0 }).onConflict((oc) => oc.doNothing()).returning('event_id').executeTakeFirst();
    if (!mark) return 0;
    const R = f.rendered;
    // The public Atom feeds: one entry for the thing, and one for the named area it lies in.
    const entry = (kind: string, id: string) => ({
      tenant_id: f.tenantId, thing_kind: kind, thing_id: id, event_id: f.eventId, link: f.link,
      title: JSON.stringify({ ro: R.ro.subject, en: R.en.subject, hu: R.hu.subject }), content: JSON.stringify({ ro: R.ro.body, en: R.en.body, hu: R.hu.body }),
    });
    if (f.followers) await trx.insertInto('notifications_feed_entries').values([entry(f.thingKind, f.thingId), ...f.alsoThings.map((x) => entry(x.kind, x.id)), ...f.areaKeys.filter((k) => f.thingKind !== 'area' || k !== f.thingId).map((k) => entry('area', k))]).onConflict((oc) => oc.doNothing()).execute();
    // the thing and the others whose followers hear too, as two parallel arrays for unnest
    const kinds = [f.thingKind, ...f.alsoThings.map((x) => x.kind)];
    const targets = [f.thingId, ...f.alsoThings.map((x) => x.id)];
    const pickLoc = (k: 'subject' | 'body', col = sql.ref('r.loc')) => sql<string>`case ${col} when 'en' then ${R.en[k]}::text when 'hu' then ${R.hu[k]}::text else ${R.ro[k]}::text end`;
    const footer = sql<string>`replace(case r.loc when 'en' then ${f.footer.en}::text when 'hu' then ${f.footer.hu}::text else ${f.footer.ro}::text end, '{token}', coalesce(r.token, ''))`;
    const linkLine = f.link ? `\n\n${f.link}` : '';
    // Each person's preferences for this kind of notification (no row: inbox on, e-mail immediately).
    const people = await sql<{ n: number }>`
      with m as (
        select f.user_id, min(f.unsubscribe_token::text) as token
        from notifications_follows f
        where ${f.followers}::boolean and f.tenant_id = ${f.tenantId} and f.user_id is not null and f.confirmed_at is not null
          and ((f.kind, f.target) in (select * from unnest(${kinds}::text[], ${targets}::text[]))
            or (f.kind = 'area' and f.polygon is null and f.target = any(${f.areaKeys}::text[]))
            or f.id = any(${f.polygonIds}::bigint[]))
        group by f.user_id
        union all
        select x, null from unnest(${f.alsoUsers}::uuid[]) as x
      ),
      r as (
        select distinct on (u.id) u.id, u.email, case when u.locale in ('en', 'hu') then u.locale else 'ro' end as loc, m.token,
               coalesce(p.inbox, true) as inbox,
               case when coalesce(p.email, true) and ${f.email}::boolean then coalesce(p.email_frequency, 'immediate') else 'off' end as freq,
               coalesce(p.push, false) as push, coalesce(p.sms, false) as sms
        from m join users u on u.id = m.user_id
        left join notifications_preferences p on p.user_id = u.id and p.kind = ${f.kind}
        where u.deleted_at is null and u.id <> all(${f.exceptUsers}::uuid[])
        order by u.id, m.token nulls last
      ),
      ins as (
        insert into notifications_inbox (user_id, tenant_id, kind, subject, body, link, thing_kind, thing_id, event_id)
        select r.id, ${f.tenantId}::int, ${f.kind}, ${pickLoc('subject')}, ${pickLoc('body')}, ${f.link}::text, ${f.thingKind}, ${f.thingId}, ${f.eventId}::bigint from r
        where r.inbox
        on conflict do nothing
        returning user_id
      ),
      mail as (
        insert into core_outbox (type, payload, tenant_id)
        select 'notifications.email.requested',
               jsonb_build_object('to', r.email, 'subject', ${pickLoc('subject')}, 'text', ${pickLoc('body')} || ${linkLine}::text || E'\n\n—\n' || ${footer})
                 || case when r.token is null then '{}'::jsonb else jsonb_build_object('listUnsubscribe', jsonb_build_object(
                      'url', ${f.unsubscribeUrl}::text || r.token, 'mailto', replace(${f.unsubscribeMailto}::text, '{token}', r.token))) end,
               ${f.tenantId}::int
        from r where r.freq = 'immediate'
        returning id
      ),
      push as (
        -- one event per device, so a failing device never holds up another (push/push.service.ts)
        insert into core_outbox (type, payload, tenant_id)
        select 'notifications.push.requested',
               jsonb_build_object('subscriptionId', s.id::text, 'userId', r.id, 'kind', ${f.kind}::text, 'thing', ${`${f.thingKind}:${f.thingId}`}::text,
                 'title', ${pickLoc('subject')}, 'body', ${pickLoc('body')}, 'url', ${f.link}::text),
               ${f.tenantId}::int
        from r join notifications_push_subscriptions s on s.user_id = r.id
        where r.push
        returning id
      ),
      sms as (
        -- only to a number its owner verified with the code (sms/sms.service.ts)
        insert into core_outbox (type, payload, tenant_id)
        select 'notifications.sms.requested',
               jsonb_build_object('userId', r.id, 'kind', ${f.kind}::text, 'to', ph.phone, 'body', left(${pickLoc('subject')} || coalesce(' ' || ${f.link}::text, ''), 480)),
               ${f.tenantId}::int
        from r join notifications_phones ph on ph.user_id = r.id and ph.verified_at is not null
        where r.sms
        returning id
      ),
      digest as (
        insert into notifications_digest_items (user_id, tenant_id, frequency, kind, thing_kind, thing_id, subject, body, link, event_id)
        select r.id, ${f.tenantId}::int, r.freq, ${f.kind}, ${f.thingKind}, ${f.thingId}, ${pickLoc('subject')}, ${pickLoc('body')}, ${f.link}::text, ${f.eventId}::bigint
        from r where r.freq in ('daily', 'weekly')
        on conflict do nothing
        returning id
      )
      select count(*)::int as n from r`.execute(trx);
    const n = people.rows[0]?.n ?? 0;
    // Followers without an account (they gave an e-mail address) hear in the city's language.
    let anonymous = 0;
    if (f.email && f.followers) {
      const t = R[f.tenantLocale];
      const r = await sql`insert into core_outbox (type, payload, tenant_id)
        select 'notifications.email.requested',
               jsonb_build_object('to', f.email, 'subject', ${t.subject}::text, 'text', ${t.body}::text || ${linkLine}::text || E'\n\n—\n' || replace(${f.footer[f.tenantLocale]}::text, '{token}', f.unsubscribe_token::text),
                 'listUnsubscribe', jsonb_build_object('url', ${f.unsubscribeUrl}::text || f.unsubscribe_token::text, 'mailto', replace(${f.unsubscribeMailto}::text, '{token}', f.unsubscribe_token::text))),
               ${f.tenantId}::int
        from notifications_follows f
        where f.tenant_id = ${f.tenantId} and f.email is not null and f.confirmed_at is not null and (f.kind, f.target) in (select * from unnest(${kinds}::text[], ${targets}::text[]))`.execute(trx);
      anonymous = Number(r.numAffectedRows ?? 0);
    }
    await trx.updateTable('notifications_fanouts').set({ recipients: n + anonymous }).where('event_id', '=', f.eventId).execute();
    return n + anonymous;
  }
}
