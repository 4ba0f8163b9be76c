/**
 * What directory events mean for the people who follow a group, an organisation or an event: the templates
 * (ro/en/hu) and the event → notice builders the notifications hub runs after each change commits (so
 * preferences, digests, push and SMS apply), and the hub's existence checks for `directory.*` follows.
 */
import type { Actor } from '../../core/actor.js';
import { everyLocale, type Multiloc, sameInEveryLocale } from '../../core/i18n.js';
import { type Followable, loads, loadsById, noticeTemplates, type NotificationsService } from '../notifications/index.js';
import type { TenantsService } from '../tenants/index.js';
import type { DirectoryService } from './directory.service.js';

const when = (iso: string, tz: string): Multiloc => everyLocale((l) => new Intl.DateTimeFormat(l === 'hu' ? 'hu-HU' : l === 'en' ? 'en-GB' : 'ro-RO', { dateStyle: 'long', timeStyle: 'short', timeZone: tz }).format(new Date(iso)));

const CHANGE: Record<string, Multiloc> = {
  cancelled: { ro: 'Anulat', en: 'Cancelled', hu: 'Elmarad' },
  changed: { ro: 'Modificat', en: 'Changed', hu: 'Módosult' },
};
// a meeting (întâlnire) is feminine in Romanian
const MEETING_CHANGE: Record<'cancelled' | 'moved', Multiloc> = {
  cancelled: { ro: 'Anulată', en: 'Cancelled', hu: 'Elmarad' },
  moved: { ro: 'Modificată', en: 'Changed', hu: 'Módosult' },
};

// The subjects are made of the parameters alone (already in the reader's language).
export const DIRECTORY_TEMPLATES = noticeTemplates({
  'directory.event.updated': { subject: sameInEveryLocale('{change}: {title}'), body: sameInEveryLocale('{title}\n\n{when}') },
  'directory.meeting.updated': {
    subject: sameInEveryLocale('{change}: {title}'),
    body: { ro: 'Întâlnirea grupului {group}: {title}\n\n{when} ({timeZone})', en: 'Meeting of the group {group}: {title}\n\n{when} ({timeZone})', hu: 'A(z) {group} csoport ülése: {title}\n\n{when} ({timeZone})' },
  },
  'directory.meeting.scheduled': {
    subject: sameInEveryLocale('{group}: {title}'),
    body: { ro: 'Întâlnire nouă a grupului {group}: {title}\n\n{when} ({timeZone}){place}', en: 'New meeting of the group {group}: {title}\n\n{when} ({timeZone}){place}', hu: 'A(z) {group} csoport új ülése: {title}\n\n{when} ({timeZone}){place}' },
  },
});

export function registerDirectoryNotices(hub: NotificationsService, svc: DirectoryService, tenants: TenantsService): void {
  hub.registerTemplates(DIRECTORY_TEMPLATES);
  // An event cancelled or moved: its followers (the event page's button, or /me/follows) hear.
  hub.on('directory.event.updated', async (e) => {
    if (e.tenantId === null || !e.payload.change) return null;
    const [ev, t] = await Promise.all([svc.events.get(e.tenantId, e.payload.eventId), tenants.byId(e.tenantId)]);
    return {
      tenantId: e.tenantId,
      thing: { kind: 'directory.event', id: String(ev.id) },
      template: 'directory.event.updated',
      params: { change: CHANGE[e.payload.change] ?? CHANGE.changed!, title: e.payload.title, when: when(ev.starts_at.toISOString(), 'Europe/Bucharest') },
      link: `/${t.slug}/events/${ev.id}`,
      alsoUsers: e.payload.followerIds,
    };
  });
  // A meeting cancelled or moved: whoever registered for it (an implicit follow) and the group's followers hear.
  hub.on('directory.meeting.updated', async (e) => {
    const p = e.payload;
    if (e.tenantId === null || !p.change) return null;
    const [g, t] = await Promise.all([svc.groups.repo.byKey(e.tenantId, p.groupId), tenants.byId(e.tenantId)]);
    if (!g) return null;
    return {
      tenantId: e.tenantId,
      thing: { kind: 'directory.group', id: g.slug },
      template: 'directory.meeting.updated',
      params: { change: MEETING_CHANGE[p.change], group: g.name as Multiloc, title: p.title, when: when(p.startsAt, p.timeZone), timeZone: p.timeZone },
      link: `/${t.slug}/groups/${g.slug}/meetings/${p.meetingId}`,
      alsoUsers: p.registeredIds,
    };
  });
  // A meeting scheduled: the group's active members and whoever follows the group hear.
  hub.on('directory.meeting.scheduled', async (e) => {
    if (e.tenantId === null) return null;
    const [g, t] = await Promise.all([svc.groups.repo.byKey(e.tenantId, e.payload.groupId), tenants.byId(e.tenantId)]);
    if (!g) return null;
    const p = e.payload;
    const place = [p.address, p.onlineUrl].filter(Boolean).join(' — ');
    return {
      tenantId: e.tenantId,
      thing: { kind: 'directory.group', id: g.slug },
      template: 'directory.meeting.scheduled',
      params: { group: g.name as Multiloc, title: p.title, when: when(p.startsAt, p.timeZone), timeZone: p.timeZone, place: place ? `\n${place}` : null },
      link: `/${t.slug}/groups/${g.slug}/meetings/${p.meetingId}`,
      alsoUsers: p.memberIds,
    };
  });
}

export function directoryFollowables(svc: DirectoryService): Record<string, Followable> {
  return {
    'directory.event': { exists: (_a, tenant, id) => loadsById(id, (n) => svc.events.get(tenant.id, n)) },
    'directory.organisation': { exists: (_a, tenant, id) => loadsById(id, (n) => svc.organisations.get(tenant.id, n)) },
    // a group the caller may not see (a closed one) is "not found", as on its page
    'directory.group': { exists: (actor: Actor, tenant, id) => loads(() => svc.groups.visible(actor, tenant, id)) },
  };
}
