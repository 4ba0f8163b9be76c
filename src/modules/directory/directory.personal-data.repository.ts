/** A person's own rows in the directory, for their data export (read in the export's transaction). */
import { readAll, type Storage } from '../../core/storage.js';
import type { PersonalDataPart } from '../module.js';
import type { Q } from './directory.common.js';
import './directory.tables.js';

export async function directoryPersonalData(trx: Q, userId: string, storage: Storage): Promise<PersonalDataPart> {
  const organisations = await trx
    .selectFrom('directory_organisation_members as m')
    .innerJoin('directory_organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id as organisation_id', 'o.name', 'm.role', 'm.status', 'm.public', 'm.created_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute();
  const groups = await trx.selectFrom('directory_group_members').select(['group_id', 'position', 'status', 'public', 'message', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const registrations = await trx.selectFrom('directory_meeting_registrations').select(['meeting_id', 'attended', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const eventFollows = await trx.selectFrom('directory_event_follows').select(['event_id']).where('user_id', '=', userId).orderBy('event_id').execute();
  const places = await trx.selectFrom('directory_places').select(['id', 'kind', 'name', 'lat', 'lon', 'status', 'created_at']).where('suggested_by', '=', userId).orderBy('created_at').execute();
  const documents = await trx.selectFrom('directory_meeting_files').select(['id', 'tenant_id', 'meeting_id', 'title', 'name', 'file_name', 'media_type', 'created_at']).where('uploaded_by', '=', userId).orderBy('created_at').execute();
  const fileOf = (d: (typeof documents)[number]) => `meeting-documents/${d.meeting_id}-${d.id}-${d.name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return {
    name: 'directory',
    data: {
      organisationMemberships: organisations,
      groupMemberships: groups,
      meetingRegistrations: registrations,
      eventFollows,
      placesSuggested: places,
      meetingDocumentsUploaded: documents.map(({ file_name: _f, tenant_id: _t, ...d }) => ({ ...d, file: fileOf({ ...d, file_name: _f, tenant_id: _t }) })),
    },
    files: documents.map((d) => ({ name: fileOf(d), read: () => readAll(storage, `uploads/directory/meetings/${d.tenant_id}/${d.file_name}`, 'document') })),
  };
}
