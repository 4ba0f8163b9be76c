/**
 * A group's meetings: coordinators (or staff) schedule them, with a time zone, a place inside the city or an
 * online link, an agenda and documents; people register up to the capacity; coordinators record attendance,
 * write the minutes (each save a new version) and approve them — approved minutes and the agenda of an
 * approved meeting no longer change — and record the decisions. Documents are in meetings.documents.service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../core/actor.js';
import { AppError, conflict, forbidden, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { checkPoint, record, userId, maybeUserId, type Q, type DirectoryDeps } from '../directory.common.js';
import { meetingPolicy as can } from './meetings.policy.js';
import { type MeetingRow, MeetingsRepository } from './meetings.repository.js';
import type { MeetingCreateInput, MeetingUpdateInput } from './meetings.schemas.js';

export type MeetingsDeps = DirectoryDeps<'users' | 'notifications' | 'groups'>;

export class MeetingsService {
  readonly repo: MeetingsRepository;
  constructor(private readonly deps: MeetingsDeps) {
    this.repo = new MeetingsRepository(deps.db);
  }

  /** A meeting of a group the caller may see (404 otherwise), with the group and the caller's standing in it. */
  async meeting(actor: Actor, tenant: TenantRow, groupKey: string, id: number) {
    const { group, standing } = await this.deps.groups.visible(actor, tenant, groupKey);
    const m = await this.repo.byId(group.id, id);
    if (!m) throw notFound('meeting');
    return { group, standing, m };
  }

  async registered(ids: number[]): Promise<Map<number, number>> {
    return new Map((await this.repo.registrationCounts(ids)).map((r) => [r.meeting_id, Number(r.n)]));
  }

  async list(actor: Actor, tenant: TenantRow, groupKey: string, f: { from?: string | undefined; to?: string | undefined }) {
    const { group } = await this.deps.groups.visible(actor, tenant, groupKey);
    const rows = await this.repo.list([group.id], { from: f.from ? new Date(f.from) : undefined, to: f.to ? new Date(f.to) : undefined });
    const counts = await this.registered(rows.map((r) => r.id));
    return { group, rows: rows.map((m) => ({ m, registered: counts.get(m.id) ?? 0 })) };
  }

  async detail(actor: Actor, tenant: TenantRow, groupKey: string, id: number) {
    const { group, standing, m } = await this.meeting(actor, tenant, groupKey, id);
    const [regs, minutes, decisions, files] = await Promise.all([this.repo.registrations(m.id), this.repo.minutes(m.id), this.repo.decisions(m.id), this.repo.files(m.id)]);
    const uid = maybeUserId(actor);
    const writer = can.writeMinutes(actor, tenant.id, standing);
    // the public read the approved minutes; coordinators also the draft
    const current = minutes.find((x) => x.state === 'approved') ?? (writer ? minutes[0] : undefined);
    const names = async (regIds: number[]) => {
      const out: string[] = [];
      for (const r of regs.filter((x) => regIds.includes(x.id))) out.push(r.user_id ? ((await this.deps.users.contact(r.user_id))?.displayName ?? '—') : '—');
      return out;
    };
    const mine = !!uid && regs.some((r) => r.user_id === uid);
    const full = m.capacity !== null && regs.length >= m.capacity;
    const regsOut = [];
    if (can.seeRegistrations(actor, tenant.id, standing)) for (const r of regs) regsOut.push({ id: r.id, name: r.user_id ? ((await this.deps.users.contact(r.user_id))?.displayName ?? '—') : '—', attended: r.attended });
    return {
      group,
      m,
      registered: regs.length,
      minutes: current ? { row: current, names: await names(current.attendance as number[]) } : null,
      versions: writer ? minutes : minutes.filter((x) => x.state === 'approved'),
      decisions,
      files,
      registrations: regsOut,
      myRegistration: mine,
      abilities: {
        edit: can.edit(actor, tenant.id, standing) && m.minutes_state !== 'approved',
        register: can.register(actor, group.visibility, standing) && m.status === 'scheduled' && m.ends_at > new Date() && !mine && !full,
        writeMinutes: writer && m.minutes_state !== 'approved',
        approveMinutes: can.approveMinutes(actor, tenant.id, standing) && m.minutes_state === 'draft',
        recordAttendance: writer && m.minutes_state !== 'approved',
      },
    };
  }

  private checkTimes(startsAt: Date, endsAt: Date) {
    if (endsAt <= startsAt) throw validationFailed([{ field: 'endsAt', message: 'The meeting must end after it starts.', code: 'ends_before_start' }]);
  }

  async schedule(actor: Actor, tenant: TenantRow, groupKey: string, input: MeetingCreateInput): Promise<MeetingRow> {
    const { group, standing } = await this.deps.groups.visible(actor, tenant, groupKey);
    if (!can.edit(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff can schedule its meetings.');
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    this.checkTimes(startsAt, endsAt);
    checkPoint(tenant, input.lat, input.lon);
    if (!input.address && !input.onlineUrl) throw validationFailed([{ field: 'address', message: 'Give a place (address) or an online link.', code: 'required' }]);
    return this.deps.db.transaction().execute(async (trx) => {
      const m = await this.repo.insert(trx, {
        tenant_id: tenant.id,
        group_id: group.id,
        uid: `meeting-${randomUUID()}@urbia`,
        title: JSON.stringify(input.title),
        description: input.description ? JSON.stringify(input.description) : null,
        starts_at: startsAt,
        ends_at: endsAt,
        time_zone: input.timeZone,
        address: input.address ?? null,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        online_url: input.onlineUrl ?? null,
        agenda: JSON.stringify(input.agenda),
        documents: JSON.stringify(input.documents),
        capacity: input.capacity ?? null,
      });
      const memberIds = await this.deps.groups.repo.activeUserIds(group.id, trx);
      await record(trx, actor, tenant, 'directory.meeting.scheduled', { type: 'directory_meeting', id: m.id, after: input }, { meetingId: m.id, groupId: group.id, groupSlug: group.slug, title: input.title, startsAt: m.starts_at.toISOString(), endsAt: m.ends_at.toISOString(), timeZone: m.time_zone, onlineUrl: m.online_url, address: m.address, memberIds });
      // The members and the group's followers hear through the notifications hub (directory.notices.ts).
      return m;
    });
  }

  async update(actor: Actor, tenant: TenantRow, groupKey: string, id: number, input: MeetingUpdateInput): Promise<MeetingRow> {
    const { group, standing } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.edit(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff can change its meetings.');
    return this.deps.db.transaction().execute(async (trx) => {
      const before = (await this.repo.lock(trx, group.id, id))!;
      if (before.minutes_state === 'approved') {
        const field = Object.keys(input)[0] ?? 'agenda';
        throw new AppError(409, 'minutes_approved', 'The minutes of this meeting are approved; the meeting no longer changes.', [{ field, message: 'the minutes are approved', code: 'minutes_approved' }]);
      }
      const startsAt = input.startsAt ? new Date(input.startsAt) : before.starts_at;
      const endsAt = input.endsAt ? new Date(input.endsAt) : before.ends_at;
      this.checkTimes(startsAt, endsAt);
      checkPoint(tenant, input.lat === undefined ? before.lat : input.lat, input.lon === undefined ? before.lon : input.lon);
      const patch: Record<string, unknown> = {};
      if (input.title) patch.title = JSON.stringify(input.title);
      if (input.description !== undefined) patch.description = input.description ? JSON.stringify(input.description) : null;
      if (input.startsAt) patch.starts_at = startsAt;
      if (input.endsAt) patch.ends_at = endsAt;
      for (const [k, col] of [['timeZone', 'time_zone'], ['address', 'address'], ['lat', 'lat'], ['lon', 'lon'], ['onlineUrl', 'online_url'], ['capacity', 'capacity'], ['status', 'status']] as const) if (input[k] !== undefined) patch[col] = input[k];
      if (input.agenda) patch.agenda = JSON.stringify(input.agenda);
      if (input.documents) patch.documents = JSON.stringify(input.documents);
      const m = await this.repo.update(trx, id, patch, true);
      const registeredIds = (await this.repo.userIdsRegistered(trx, id)).map((r) => r.user_id!);
      // cancelled or moved: the registered and the group's followers hear through the hub (directory.notices.ts)
      const change = input.status === 'cancelled' ? 'cancelled' : input.startsAt || input.endsAt ? 'moved' : null;
      await record(trx, actor, tenant, 'directory.meeting.updated', { type: 'directory_meeting', id, before, after: input }, { meetingId: id, groupId: group.id, groupSlug: group.slug, title: m.title as Multiloc, startsAt: m.starts_at.toISOString(), endsAt: m.ends_at.toISOString(), timeZone: m.time_zone, status: m.status, sequence: m.sequence, registeredIds, change });
      return m;
    });
  }

  async register(actor: Actor, tenant: TenantRow, groupKey: string, id: number): Promise<void> {
    const uid = userId(actor);
    const { group, standing, m } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.register(actor, group.visibility, standing)) throw forbidden('Only the group\'s members can register for this meeting.');
    if (m.status === 'cancelled') throw conflict('The meeting is cancelled.', 'cancelled');
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        const locked = (await this.repo.lock(trx, group.id, id))!; // serialises registrations for the capacity check
        if (locked.capacity !== null && Number((await this.repo.countRegistrations(trx, id)).n) >= locked.capacity) throw conflict('The meeting is full.', 'full');
        await this.repo.register(trx, id, uid);
        await record(trx, actor, tenant, 'directory.meeting.registered', { type: 'directory_meeting_registration', id: `${id}:${uid}` }, { meetingId: id, userId: uid });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You are already registered.', 'already_registered');
      throw e;
    }
  }

  async unregister(actor: Actor, tenant: TenantRow, groupKey: string, id: number): Promise<void> {
    const uid = userId(actor);
    await this.meeting(actor, tenant, groupKey, id);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.repo.unregister(trx, id, uid)).numDeletedRows) throw notFound('registration');
    });
  }

  async recordAttendance(actor: Actor, tenant: TenantRow, groupKey: string, id: number, present: number[]): Promise<void> {
    const { group, standing } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.writeMinutes(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff record attendance.');
    await this.deps.db.transaction().execute(async (trx) => {
      const m = (await this.repo.lock(trx, group.id, id))!;
      if (m.minutes_state === 'approved') throw new AppError(409, 'minutes_approved', 'The minutes are approved; attendance no longer changes.', [{ field: 'present', message: 'the minutes are approved', code: 'minutes_approved' }]);
      const regs = new Set((await this.repo.registrations(id, trx)).map((r) => r.id));
      const bad = present.findIndex((p) => !regs.has(p));
      if (bad >= 0) throw validationFailed([{ field: `present[${bad}]`, message: 'Not a registration for this meeting.' }]);
      await this.repo.setAttendance(trx, id, present);
      await record(trx, actor, tenant, 'directory.meeting.updated', { type: 'directory_meeting', id, after: { present } }, { meetingId: id, groupId: group.id, groupSlug: group.slug, title: m.title as Multiloc, startsAt: m.starts_at.toISOString(), endsAt: m.ends_at.toISOString(), timeZone: m.time_zone, status: m.status, sequence: m.sequence, registeredIds: [], change: null });
    });
  }

  /** Saves the minutes as a new draft version (the previous versions stay); refused once approved. */
  async writeMinutes(actor: Actor, tenant: TenantRow, groupKey: string, id: number, body: Multiloc): Promise<number> {
    const { group, standing } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.writeMinutes(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff write the minutes.');
    return this.deps.db.transaction().execute(async (trx) => {
      const m = (await this.repo.lock(trx, group.id, id))!;
      if (m.minutes_state === 'approved') throw new AppError(409, 'minutes_approved', 'The minutes are approved and can no longer change.', [{ field: 'body', message: 'the minutes are approved', code: 'minutes_approved' }]);
      const versions = await this.repo.minutes(id, trx);
      const attendance = (await this.repo.registrations(id, trx)).filter((r) => r.attended).map((r) => r.id);
      const row = await this.repo.insertMinutes(trx, { meeting_id: id, version: (versions[0]?.version ?? 0) + 1, body: JSON.stringify(body), attendance: JSON.stringify(attendance), state: 'draft', created_by: maybeUserId(actor) ?? null });
      await this.repo.update(trx, id, { minutes_state: 'draft' }, false);
      await record(trx, actor, tenant, 'directory.meeting.minutesDrafted', { type: 'directory_minutes', id: `${id}:${row.version}`, after: body }, { meetingId: id, version: row.version });
      return row.version;
    });
  }

  async approveMinutes(actor: Actor, tenant: TenantRow, groupKey: string, id: number): Promise<number> {
    const { group, standing } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.approveMinutes(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinator approves the minutes.');
    return this.deps.db.transaction().execute(async (trx) => {
      const m = (await this.repo.lock(trx, group.id, id))!;
      if (m.minutes_state !== 'draft') throw new AppError(409, m.minutes_state === 'approved' ? 'minutes_approved' : 'no_minutes', m.minutes_state === 'approved' ? 'The minutes are already approved.' : 'There are no minutes to approve.', [{ field: 'minutes', message: m.minutes_state }]);
      const latest = (await this.repo.minutes(id, trx))[0]!;
      await this.repo.approveMinutes(trx, latest.id);
      await this.repo.update(trx, id, { minutes_state: 'approved' }, false);
      const memberIds = await this.deps.groups.repo.activeUserIds(group.id, trx);
      await record(trx, actor, tenant, 'directory.meeting.minutesApproved', { type: 'directory_minutes', id: `${id}:${latest.version}`, after: { state: 'approved' } }, { meetingId: id, groupId: group.id, version: latest.version, memberIds });
      return latest.version;
    });
  }

  async addDecision(actor: Actor, tenant: TenantRow, groupKey: string, id: number, d: { text: Multiloc; method: 'consensus' | 'vote'; votesFor?: number | undefined; votesAgainst?: number | undefined; votesAbstain?: number | undefined; links: string[] }) {
    const { group, standing } = await this.meeting(actor, tenant, groupKey, id);
    if (!can.writeMinutes(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff record decisions.');
    return this.deps.db.transaction().execute(async (trx) => {
      const m = (await this.repo.lock(trx, group.id, id))!;
      if (m.minutes_state === 'approved') throw new AppError(409, 'minutes_approved', 'The minutes are approved; decisions are recorded before approval.', [{ field: 'text', message: 'the minutes are approved', code: 'minutes_approved' }]);
      const row = await this.repo.insertDecision(trx, { meeting_id: id, text: JSON.stringify(d.text), method: d.method, votes_for: d.votesFor ?? null, votes_against: d.votesAgainst ?? null, votes_abstain: d.votesAbstain ?? null, links: d.links });
      await record(trx, actor, tenant, 'directory.meeting.decisionRecorded', { type: 'directory_decision', id: row.id, after: d }, { meetingId: id, decisionId: row.id, method: d.method, links: d.links });
      return row;
    });
  }

  /** Account deletion: registrations and attendance keep their count but lose the person; documents forget their uploader. */
  async anonymiseUser(trx: Q, uid: string) {
    await this.repo.anonymise(trx, uid);
    await this.repo.forgetUploader(trx, uid);
  }
}
