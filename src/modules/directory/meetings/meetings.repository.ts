/** The only place that builds SQL for meetings, registrations, minutes and decisions. Write methods take the transaction. */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';

export type MeetingRow = NonNullable<Awaited<ReturnType<MeetingsRepository['byId']>>>;

export class MeetingsRepository {
  constructor(private readonly db: Db) {}

  byId(groupId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_meetings').selectAll().where('group_id', '=', groupId).where('id', '=', id).executeTakeFirst();
  }
  lock(trx: Q, groupId: number, id: number) {
    return trx.selectFrom('directory_meetings').selectAll().where('group_id', '=', groupId).where('id', '=', id).forUpdate().executeTakeFirst();
  }
  list(groupIds: number[], f: { from?: Date | undefined; to?: Date | undefined } = {}) {
    if (!groupIds.length) return Promise.resolve([]);
    let qb = this.db.selectFrom('directory_meetings').selectAll().where('group_id', 'in', groupIds);
    if (f.from) qb = qb.where('ends_at', '>=', f.from);
    if (f.to) qb = qb.where('starts_at', '<', f.to);
    return qb.orderBy('starts_at').execute();
  }
  byIds(ids: number[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('directory_meetings').selectAll().where('id', 'in', ids).orderBy('starts_at').execute();
  }
  insert(trx: Q, row: Insertable<Database['directory_meetings']>) {
    return trx.insertInto('directory_meetings').values(row).returningAll().executeTakeFirstOrThrow();
  }
  /** Every change that shows in a calendar bumps SEQUENCE (RFC 5545 §3.8.7.4). */
  update(trx: Q, id: number, patch: Updateable<Database['directory_meetings']>, bump: boolean) {
    return trx
      .updateTable('directory_meetings')
      .set({ ...patch, updated_at: new Date(), ...(bump ? { sequence: sql<number>`sequence + 1` } : {}) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  // ---------- documents
  files(meetingId: number, q: Q = this.db) {
    return q.selectFrom('directory_meeting_files').selectAll().where('meeting_id', '=', meetingId).orderBy('id').execute();
  }
  file(meetingId: number, fileId: number, q: Q = this.db) {
    return q.selectFrom('directory_meeting_files').selectAll().where('meeting_id', '=', meetingId).where('id', '=', fileId).executeTakeFirst();
  }
  countFiles(trx: Q, meetingId: number) {
    return trx.selectFrom('directory_meeting_files').select((e) => e.fn.countAll<number>().as('n')).where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
  }
  insertFile(trx: Q, row: Insertable<Database['directory_meeting_files']>) {
    return trx.insertInto('directory_meeting_files').values(row).returningAll().executeTakeFirstOrThrow();
  }
  removeFile(trx: Q, fileId: number) {
    return trx.deleteFrom('directory_meeting_files').where('id', '=', fileId).executeTakeFirst();
  }
  /** Account deletion: the uploader is forgotten, the documents stay (they belong to the meeting's record). */
  forgetUploader(trx: Q, userId: string) {
    return trx.updateTable('directory_meeting_files').set({ uploaded_by: null }).where('uploaded_by', '=', userId).execute();
  }

  registrationCounts(ids: number[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('directory_meeting_registrations').select(['meeting_id', (e) => e.fn.countAll<number>().as('n')]).where('meeting_id', 'in', ids).groupBy('meeting_id').execute();
  }
  registrations(meetingId: number, q: Q = this.db) {
    return q.selectFrom('directory_meeting_registrations').selectAll().where('meeting_id', '=', meetingId).orderBy('id').execute();
  }
  countRegistrations(trx: Q, meetingId: number) {
    return trx.selectFrom('directory_meeting_registrations').select((e) => e.fn.countAll<number>().as('n')).where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
  }
  register(trx: Q, meetingId: number, userId: string) {
    return trx.insertInto('directory_meeting_registrations').values({ meeting_id: meetingId, user_id: userId }).returningAll().executeTakeFirstOrThrow();
  }
  unregister(trx: Q, meetingId: number, userId: string) {
    return trx.deleteFrom('directory_meeting_registrations').where('meeting_id', '=', meetingId).where('user_id', '=', userId).executeTakeFirst();
  }
  setAttendance(trx: Q, meetingId: number, present: number[]) {
    return trx
      .updateTable('directory_meeting_registrations')
      .set({ attended: present.length ? sql<boolean>`id = any(${sql.val(present)}::int[])` : false })
      .where('meeting_id', '=', meetingId)
      .execute();
  }
  async meetingIdsRegisteredBy(userId: string): Promise<number[]> {
    return (await this.db.selectFrom('directory_meeting_registrations').select('meeting_id').where('user_id', '=', userId).execute()).map((r) => r.meeting_id);
  }
  userIdsRegistered(trx: Q, meetingId: number) {
    return trx.selectFrom('directory_meeting_registrations').select('user_id').where('meeting_id', '=', meetingId).where('user_id', 'is not', null).execute();
  }

  minutes(meetingId: number, q: Q = this.db) {
    return q.selectFrom('directory_minutes').selectAll().where('meeting_id', '=', meetingId).orderBy('version', 'desc').execute();
  }
  insertMinutes(trx: Q, row: Insertable<Database['directory_minutes']>) {
    return trx.insertInto('directory_minutes').values(row).returningAll().executeTakeFirstOrThrow();
  }
  approveMinutes(trx: Q, id: number) {
    return trx.updateTable('directory_minutes').set({ state: 'approved' }).where('id', '=', id).execute();
  }
  decisions(meetingId: number, q: Q = this.db) {
    return q.selectFrom('directory_decisions').selectAll().where('meeting_id', '=', meetingId).orderBy('id').execute();
  }
  insertDecision(trx: Q, row: Insertable<Database['directory_decisions']>) {
    return trx.insertInto('directory_decisions').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Account deletion: registrations stay as counts and attendance, without the person. */
  anonymise(trx: Q, userId: string) {
    return trx.updateTable('directory_meeting_registrations').set({ user_id: null }).where('user_id', '=', userId).execute();
  }
}
