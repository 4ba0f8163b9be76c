/**
 * A meeting's documents: coordinators and staff upload them (checked by content before this service sees
 * them) until the minutes are approved, optionally tied to an agenda item; they are as visible as the meeting.
 * The files live in storage, written before the row and removed again when the row is not.
 */
import type { Actor } from '../../../core/actor.js';
import type { Db } from '../../../core/db.js';
import type { CheckedDocument } from '../../../core/documents.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../../core/errors.js';
import { storeFiles } from '../../../core/images.js';
import type { Storage } from '../../../core/storage.js';
import type { TenantRow } from '../../tenants/index.js';
import { maybeUserId, record } from '../directory.common.js';
import { meetingPolicy as can } from './meetings.policy.js';
import type { MeetingsService } from './meetings.service.js';

/** documents per meeting */
export const MEETING_FILES_MAX = 30;

export interface MeetingDocumentsDeps {
  db: Db;
  storage: Storage;
  meetings: MeetingsService;
}

export class MeetingDocumentsService {
  constructor(private readonly deps: MeetingDocumentsDeps) {}

  /** the storage key folder of a city's meeting documents (URBIA_DATA_DIR/uploads/directory/meetings/<tenant> locally) */
  filesPrefix(tenantId: number) {
    return `uploads/directory/meetings/${tenantId}`;
  }

  /**
   * Adds an uploaded document (already checked by content: PDF, OpenDocument, or an image re-encoded as JPEG),
   * optionally tied to an agenda item. Coordinators and staff, until the minutes are approved.
   */
  async addFile(actor: Actor, tenant: TenantRow, groupKey: string, id: number, doc: CheckedDocument, meta: { title?: string | undefined; agendaItem?: number | undefined }) {
    const { group, standing } = await this.deps.meetings.meeting(actor, tenant, groupKey, id);
    if (!can.edit(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff can add documents to its meetings.');
    const undo = await storeFiles(this.deps.storage, this.filesPrefix(tenant.id), [doc]);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const m = (await this.deps.meetings.repo.lock(trx, group.id, id))!;
        if (m.minutes_state === 'approved') throw new AppError(409, 'minutes_approved', 'The minutes are approved; the meeting\'s documents no longer change.', [{ field: 'file', message: 'the minutes are approved', code: 'minutes_approved' }]);
        if (meta.agendaItem !== undefined && meta.agendaItem >= (m.agenda as unknown[]).length) throw validationFailed([{ field: 'agendaItem', message: 'The agenda has no such item.' }]);
        if (Number((await this.deps.meetings.repo.countFiles(trx, id)).n) >= MEETING_FILES_MAX) throw conflict(`A meeting has at most ${MEETING_FILES_MAX} documents.`, 'too_many_files');
        const f = await this.deps.meetings.repo.insertFile(trx, { tenant_id: tenant.id, meeting_id: id, agenda_item: meta.agendaItem ?? null, title: meta.title?.trim() || doc.name, name: doc.name, file_name: doc.fileName, media_type: doc.mediaType, bytes: doc.buffer.length, uploaded_by: maybeUserId(actor) ?? null });
        await record(trx, actor, tenant, 'directory.meeting.fileAdded', { type: 'directory_meeting_file', id: f.id, after: { meetingId: id, title: f.title, mediaType: f.media_type, bytes: f.bytes, agendaItem: f.agenda_item } }, { meetingId: id, groupId: group.id, fileId: f.id, mediaType: f.media_type });
        return f;
      });
    } catch (e) {
      await undo();
      throw e;
    }
  }

  async removeFile(actor: Actor, tenant: TenantRow, groupKey: string, id: number, fileId: number): Promise<void> {
    const { group, standing } = await this.deps.meetings.meeting(actor, tenant, groupKey, id);
    if (!can.edit(actor, tenant.id, standing)) throw forbidden('Only the group\'s coordinators or the city staff can remove a meeting\'s documents.');
    const gone = await this.deps.db.transaction().execute(async (trx) => {
      const m = (await this.deps.meetings.repo.lock(trx, group.id, id))!;
      const f = await this.deps.meetings.repo.file(id, fileId, trx);
      if (!f) throw notFound('document');
      if (m.minutes_state === 'approved') throw new AppError(409, 'minutes_approved', 'The minutes are approved; the meeting\'s documents no longer change.', [{ field: 'file', message: 'the minutes are approved', code: 'minutes_approved' }]);
      await this.deps.meetings.repo.removeFile(trx, fileId);
      await record(trx, actor, tenant, 'directory.meeting.fileRemoved', { type: 'directory_meeting_file', id: fileId, before: { meetingId: id, title: f.title, mediaType: f.media_type } }, { meetingId: id, groupId: group.id, fileId });
      return f;
    });
    await this.deps.storage.delete(`${this.filesPrefix(tenant.id)}/${gone.file_name}`).catch(() => undefined);
  }

  /** A document for download, as visible as its meeting (a members-only group's only to its members). */
  async file(actor: Actor, tenant: TenantRow, groupKey: string, id: number, fileId: number) {
    const { m } = await this.deps.meetings.meeting(actor, tenant, groupKey, id);
    const f = await this.deps.meetings.repo.file(m.id, fileId);
    if (!f) throw notFound('document');
    return { row: f, file: await this.deps.storage.get(`${this.filesPrefix(tenant.id)}/${f.file_name}`, { what: 'document' }) };
  }
}
