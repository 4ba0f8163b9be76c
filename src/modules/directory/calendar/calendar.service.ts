/**
 * The city's one calendar: city events, group meetings and participatory-process phase dates, as a list for
 * the web app and as iCalendar feeds per city, group, organisation, single entry, and per person at a secret,
 * rotatable address (everything they follow or registered for, and their groups' meetings).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../../core/actor.js';
import type { Db } from '../../../core/db.js';
import { VersionedCache } from '../../../core/cache.js';
import { notFound, validationFailed } from '../../../core/errors.js';
import { boxAround } from '../../../core/geo.js';
import type { Locale, Multiloc } from '../../../core/i18n.js';
import type { ModuleServices, OverviewBlock } from '../../module.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import { userId } from '../directory.common.js';
import type { EventRow } from '../events/events.repository.js';
import type { EventsService } from '../events/events.service.js';
import type { CalendarFilters } from '../events/events.schemas.js';
import type { GroupRow } from '../groups/groups.repository.js';
import type { GroupsService } from '../groups/groups.service.js';
import type { MeetingRow } from '../meetings/meetings.repository.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import type { OrganisationsService } from '../organisations/organisations.service.js';
import type { PlacesService } from '../places/places.service.js';
import { calendarPolicy } from './calendar.policy.js';
import type { CalendarEntry, CalendarFeed, FeedMeta } from './calendar.presenter.js';
import { CalendarRepository } from './calendar.repository.js';

export interface CalendarDeps {
  db: Db;
  tenants: TenantsService;
  events: EventsService;
  groups: GroupsService;
  meetings: MeetingsService;
  organisations: OrganisationsService;
  places: PlacesService;
  modules: Partial<ModuleServices>;
  publicUrl: () => string;
}

type Process = Awaited<ReturnType<NonNullable<ModuleServices['participation']>['community']['processes']>>[number];
interface SnapshotEntry {
  entry: CalendarEntry;
  /** the group an event or meeting belongs to (for the group filter) */
  groupId: number | null;
  /** set for meetings: shown only to those who may see the group */
  meetingOf: number | null;
}
interface Snapshot {
  version: string;
  groups: GroupRow[];
  entries: SnapshotEntry[];
}
/** an entry "at" a place of the resource map: its point within this distance, or its address naming the place */
const PLACE_RADIUS_M = 150;
/** lower case without diacritics, for matching addresses ("Piața Victoriei" ~ "piata victoriei") */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const NAMES = {
  city: { ro: 'Calendarul orașului', en: 'City calendar', hu: 'A város naptára' },
  mine: { ro: 'Calendarul meu', en: 'My calendar', hu: 'Saját naptár' },
  desc: { ro: 'Evenimente, ședințe ale grupurilor și etape ale proceselor participative', en: 'Events, group meetings and participatory-process phases', hu: 'Események, csoportülések és részvételi folyamatok szakaszai' },
};

export class CalendarService {
  readonly repo: CalendarRepository;
  constructor(private readonly deps: CalendarDeps) {
    this.repo = new CalendarRepository(deps.db);
  }

  fromEvent(tenant: TenantRow, e: EventRow): CalendarEntry {
    return { type: 'event', id: `event:${e.id}`, uid: e.uid, kind: e.kind, title: e.title as Multiloc, description: (e.description as Multiloc | null) ?? null, start: e.starts_at, end: e.ends_at, allDay: false, timeZone: tenant.time_zone, address: e.address, lat: e.lat, lon: e.lon, onlineUrl: e.online_url, strategyCode: e.strategy_code, group: null, status: e.status, sequence: e.sequence, updatedAt: e.updated_at, path: `/${tenant.slug}/events/${e.id}` };
  }

  fromMeeting(tenant: TenantRow, m: MeetingRow, g: GroupRow): CalendarEntry {
    return { type: 'meeting', id: `meeting:${m.id}`, uid: m.uid, kind: 'meeting', title: { ro: `${(g.name as Multiloc).ro}: ${(m.title as Multiloc).ro}`, ...((m.title as Multiloc).en ? { en: `${(g.name as Multiloc).en ?? (g.name as Multiloc).ro}: ${(m.title as Multiloc).en}` } : {}) }, description: (m.description as Multiloc | null) ?? null, start: m.starts_at, end: m.ends_at, allDay: false, timeZone: m.time_zone, address: m.address, lat: m.lat, lon: m.lon, onlineUrl: m.online_url, strategyCode: g.strategy_code, group: g.slug, status: m.status, sequence: m.sequence, updatedAt: m.updated_at, path: `/${tenant.slug}/groups/${g.slug}/meetings/${m.id}` };
  }

  /** Participatory-process phases (all-day, end exclusive); their UID is stable per process and phase key. */
  private phases(tenant: TenantRow, processes: Process[]): CalendarEntry[] {
    const out: CalendarEntry[] = [];
    for (const p of processes) {
      const links = (p.links ?? []) as { code: string }[];
      for (const ph of (p.phases ?? []) as { key: string; title: Multiloc; start: string; end: string }[]) {
        const end = new Date(`${ph.end}T00:00:00Z`);
        end.setUTCDate(end.getUTCDate() + 1);
        const title = p.title as Multiloc;
        out.push({ type: 'phase', id: `phase:${p.id}/${ph.key}`, uid: `phase-${p.id}-${ph.key}@urbia`, kind: 'phase', title: { ro: `${title.ro} – ${ph.title.ro}`, ...(title.en ? { en: `${title.en} – ${ph.title.en ?? ph.title.ro}` } : {}) }, description: null, start: new Date(`${ph.start}T00:00:00Z`), end, allDay: true, timeZone: tenant.time_zone, address: null, lat: null, lon: null, onlineUrl: null, strategyCode: links[0]?.code ?? null, group: null, status: 'scheduled', sequence: 0, updatedAt: p.created_at as Date, path: `/${tenant.slug}/participation/processes/${p.slug}` });
      }
    }
    return out;
  }

  private async meetingsOf(tenant: TenantRow, groups: GroupRow[], from?: Date, to?: Date): Promise<CalendarEntry[]> {
    const byId = new Map(groups.map((g) => [g.id, g]));
    return (await this.deps.meetings.repo.list([...byId.keys()], { from, to })).map((m) => this.fromMeeting(tenant, m, byId.get(m.group_id)!));
  }

  /**
   * Every entry of the city's calendar (all groups, members-only ones too, marked), in time order, kept until
   * the directory's events, meetings or groups or the city's processes change. Reading 400 rows through
   * PGlite costs ~40–90 ms of row decoding whatever the SQL (EXPLAIN: an index scan of ~1 ms), so the list
   * is built once per change and each request costs one version query plus the processes' few rows.
   */
  private async snapshot(tenant: TenantRow): Promise<Snapshot> {
    const processes = ((await this.deps.modules.participation?.community.processes(tenant.id)) ?? []) as Process[];
    const version = `${await this.repo.feedVersion(tenant.id)}|${JSON.stringify(processes.map((p) => [p.id, p.title, p.phases, p.slug, p.links, p.created_at]))}`;
    return this.snapshots.get(tenant.id, version, async () => {
      const groups = await this.deps.groups.repo.list(tenant.id, { visibleTo: 'all' });
      const groupById = new Map(groups.map((g) => [g.id, g]));
      const entries: SnapshotEntry[] = [
        ...(await this.deps.events.repo.list(tenant.id, {})).map((e) => ({ entry: this.fromEvent(tenant, e), groupId: e.group_id, meetingOf: null })),
        ...(await this.deps.meetings.repo.list([...groupById.keys()])).map((m) => ({ entry: this.fromMeeting(tenant, m, groupById.get(m.group_id)!), groupId: m.group_id, meetingOf: m.group_id })),
        ...this.phases(tenant, processes).map((entry) => ({ entry, groupId: null, meetingOf: null })),
      ];
      entries.sort((a, b) => a.entry.start.getTime() - b.entry.start.getTime());
      return { version, groups, entries };
    });
  }
  /** the calendar per city, with the version of the data it was built from */
  private readonly snapshots = new VersionedCache<number, Snapshot>(64);

  /**
   * The calendar list for the web app, filtered by kind (event kinds, "meeting", "phase"), ambition, group,
   * place (online, in person, a place of the resource map, or an address) and dates. Meetings of members-only
   * groups are listed to their members and staff only.
   */
  async items(actor: Actor, tenant: TenantRow, f: CalendarFilters): Promise<CalendarEntry[]> {
    return this.select(await this.snapshot(tenant), actor, tenant, f);
  }
  private async select(snap: Snapshot, actor: Actor, tenant: TenantRow, f: CalendarFilters): Promise<CalendarEntry[]> {
    const visibleTo = await this.deps.groups.visibleTo(actor, tenant);
    const visible = (g: GroupRow) => visibleTo === 'all' || g.visibility === 'public' || visibleTo.includes(g.id);
    const seen = new Set(snap.groups.filter(visible).map((g) => g.id));
    let groupId: number | undefined;
    if (f.group) groupId = snap.groups.find((g) => g.slug === f.group && seen.has(g.id))?.id ?? -1;
    const from = f.from ? new Date(`${f.from}T00:00:00Z`) : undefined;
    const to = f.to ? new Date(`${f.to}T00:00:00Z`) : undefined;
    const kinds = f.kind ? new Set(f.kind.split(',')) : undefined;
    const atPlace = await this.placeMatcher(actor, tenant, f);
    return snap.entries
      .filter(({ entry: e, groupId: g, meetingOf }) =>
        (meetingOf === null || seen.has(meetingOf)) &&
        (groupId === undefined || g === groupId) &&
        (!kinds || kinds.has(e.kind)) &&
        (!f.strategyCode || e.strategyCode === f.strategyCode) &&
        (!from || (e.allDay ? e.end > from : e.end >= from)) &&
        (!to || e.start < to) &&
        atPlace(e),
      )
      .map((x) => x.entry);
  }

  /** The `place`, `placeId` and `address` filters as one test of an entry. */
  private async placeMatcher(actor: Actor, tenant: TenantRow, f: CalendarFilters): Promise<(e: CalendarEntry) => boolean> {
    const tests: ((e: CalendarEntry) => boolean)[] = [];
    if (f.place === 'online') tests.push((e) => e.onlineUrl !== null);
    if (f.place === 'in_person') tests.push((e) => e.address !== null || e.lat !== null);
    if (f.placeId !== undefined) {
      const p = await this.deps.places.get(actor, tenant, f.placeId).catch(() => {
        throw validationFailed([{ field: 'query.placeId', message: 'No such place on the resource map.' }]);
      });
      const name = fold(p.name);
      const street = typeof (p.details as { address?: unknown }).address === 'string' ? fold((p.details as { address: string }).address) : null;
      const box = p.lat !== null && p.lon !== null ? boxAround(p.lat, p.lon, PLACE_RADIUS_M) : null;
      tests.push((e) => {
        if (box && e.lat !== null && e.lon !== null && e.lat >= box.minLat && e.lat <= box.maxLat && e.lon >= box.minLon && e.lon <= box.maxLon) return true;
        const a = e.address ? fold(e.address) : null;
        return !!a && (a.includes(name) || (!!street && a.includes(street)));
      });
    }
    if (f.address) {
      const q = fold(f.address);
      tests.push((e) => !!e.address && fold(e.address).includes(q));
    }
    return (e) => tests.every((t) => t(e));
  }

  /**
   * The city page's block: what is on in the next 30 days (public events, public groups' meetings, process
   * phases), the next three linked. Nothing when the calendar is empty.
   */
  async overview(tenant: TenantRow, now = new Date()): Promise<OverviewBlock[]> {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const until = new Date(now.getTime() + 30 * 86_400_000);
    const upcoming = (await this.items({ kind: 'anonymous' }, tenant, { from: day(now), to: day(until) })).filter((e) => e.end === null ? e.start >= now : e.end > now);
    if (!upcoming.length) return [];
    const prefix = `/${tenant.slug}/`;
    return [
      {
        key: 'upcoming',
        path: 'calendar',
        figures: [{ key: 'next30Days', value: upcoming.length, unit: 'count' }],
        items: upcoming.slice(0, 3).map((e) => ({ title: e.title, path: e.path.startsWith(prefix) ? e.path.slice(prefix.length) : 'calendar', date: e.start.toISOString() })),
      },
    ];
  }

  private meta(tenant: TenantRow, locale: Locale, name: string, path: string): FeedMeta {
    const base = this.deps.publicUrl();
    return { name, description: NAMES.desc[locale], url: new URL(path, base).toString(), base, locale };
  }
  private cityName(tenant: TenantRow, locale: Locale) {
    const n = tenant.name as Multiloc;
    return `${NAMES.city[locale]} – ${n[locale] ?? n.ro}`;
  }

  /**
   * The city's feed: events, public groups' meetings, process phases, with the version of the data it is
   * built from (and the public address its links use), so the routes can keep its text as long as it holds:
   * writing iCalendar text costs about 0.15–0.4 ms an entry (bench/directory.bench.ts).
   */
  async tenantFeed(tenant: TenantRow, locale: Locale): Promise<CalendarFeed & { version: string }> {
    const snap = await this.snapshot(tenant);
    const entries = await this.select(snap, { kind: 'anonymous' }, tenant, {});
    return { entries, meta: this.meta(tenant, locale, this.cityName(tenant, locale), `/${tenant.slug}/calendar`), version: `${snap.version}|${this.deps.publicUrl()}` };
  }

  /** A group's feed (as visible to the caller: a members-only group is 404 to others). */
  async groupFeed(actor: Actor, tenant: TenantRow, key: string, locale: Locale): Promise<CalendarFeed> {
    const { group } = await this.deps.groups.visible(actor, tenant, key);
    const entries = [...(await this.meetingsOf(tenant, [group])), ...(await this.deps.events.repo.list(tenant.id, { groupId: group.id })).map((e) => this.fromEvent(tenant, e))];
    const n = group.name as Multiloc;
    return { entries, meta: this.meta(tenant, locale, n[locale] ?? n.ro, `/${tenant.slug}/groups/${group.slug}`) };
  }

  /** An organisation's feed: its events and the meetings of the public groups it belongs to. */
  async organisationFeed(tenant: TenantRow, id: number, locale: Locale): Promise<CalendarFeed> {
    const org = await this.deps.organisations.get(tenant.id, id);
    const groupIds = await this.deps.groups.repo.groupsOfOrganisation(id);
    const groups = (await this.deps.groups.repo.byIds(groupIds)).filter((g) => calendarPolicy.groupFeedPublic(g.visibility));
    const entries = [...(await this.deps.events.repo.list(tenant.id, { organisationId: id })).map((e) => this.fromEvent(tenant, e)), ...(await this.meetingsOf(tenant, groups))];
    const n = org.name as Multiloc;
    return { entries, meta: this.meta(tenant, locale, n[locale] ?? n.ro, `/${tenant.slug}/organisations/${id}`) };
  }

  async eventFeed(tenant: TenantRow, id: number, locale: Locale): Promise<CalendarFeed> {
    const e = await this.deps.events.get(tenant.id, id);
    return { entries: [this.fromEvent(tenant, e)], meta: this.meta(tenant, locale, this.cityName(tenant, locale), `/${tenant.slug}/events/${id}`) };
  }

  async meetingFeed(actor: Actor, tenant: TenantRow, key: string, meetingId: number, locale: Locale): Promise<CalendarFeed> {
    const { group } = await this.deps.groups.visible(actor, tenant, key);
    const m = await this.deps.meetings.repo.byId(group.id, meetingId);
    if (!m) throw notFound('meeting');
    return { entries: [this.fromMeeting(tenant, m, group)], meta: this.meta(tenant, locale, (group.name as Multiloc).ro, `/${tenant.slug}/groups/${group.slug}/meetings/${m.id}`) };
  }

  // ---------------------------------------------------------------- the personal feed

  /** Creates or rotates the person's secret feed address (the old one stops working at once). */
  async rotateToken(actor: Actor): Promise<string> {
    const uid = userId(actor);
    const token = randomBytes(24).toString('base64url');
    await this.deps.db.transaction().execute((trx) => this.repo.put(trx, uid, hash(token)));
    return new URL(`/api/v1/me/calendar/${token}.ics`, this.deps.publicUrl()).toString();
  }
  async hasToken(actor: Actor): Promise<boolean> {
    return this.repo.exists(userId(actor));
  }
  async revokeToken(actor: Actor): Promise<void> {
    const uid = userId(actor);
    await this.deps.db.transaction().execute((trx) => this.repo.remove(trx, uid));
  }

  /** Everything the person follows (events), registered for (meetings) or belongs to (their groups' meetings), in every city. */
  async personalFeed(token: string, locale: Locale = 'ro'): Promise<CalendarFeed> {
    const uid = await this.repo.userByTokenHash(hash(token));
    if (!uid) throw notFound('calendar');
    const entries: CalendarEntry[] = [];
    const tenants = new Map<number, TenantRow>();
    const tenantOf = async (id: number) => tenants.get(id) ?? tenants.set(id, await this.deps.tenants.byId(id)).get(id)!;
    const eventIds = await this.deps.events.repo.followedBy(uid);
    for (const e of await this.deps.events.repo.byIds(eventIds)) {
      entries.push(this.fromEvent(await tenantOf(e.tenant_id), e));
    }
    const groupIds = await this.deps.groups.groupIdsOf(uid);
    const meetingIds = new Set([...(await this.deps.meetings.repo.meetingIdsRegisteredBy(uid)), ...(await this.deps.meetings.repo.list(groupIds)).map((m) => m.id)]);
    const meetings = await this.deps.meetings.repo.byIds([...meetingIds]);
    const groups = new Map((await this.deps.groups.repo.byIds([...new Set(meetings.map((m) => m.group_id))])).map((g) => [g.id, g]));
    for (const m of meetings) {
      entries.push(this.fromMeeting(await tenantOf(m.tenant_id), m, groups.get(m.group_id)!));
    }
    entries.sort((a, b) => a.start.getTime() - b.start.getTime());
    const base = this.deps.publicUrl();
    return { entries, meta: { name: NAMES.mine[locale], description: NAMES.desc[locale], url: new URL('/account', base).toString(), base, locale } };
  }
}
