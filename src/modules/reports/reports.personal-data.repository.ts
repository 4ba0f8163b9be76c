/** A person's own rows in the reports module, for their data export (read in the export's transaction). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import { readAll, type Storage } from '../../core/storage.js';
import type { PersonalDataPart } from '../module.js';
import { photoKey } from './reports.photos.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function reportsPersonalData(trx: Q, userId: string, storage: Storage): Promise<PersonalDataPart> {
  const reports = await trx
    .selectFrom('reports_reports as r')
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .innerJoin('reports_categories as c', 'c.id', 'r.category_id')
    .select(['r.id', 't.slug as tenant', 'c.name as category', 'r.status', 'r.title', 'r.description', 'r.address', 'r.lat', 'r.lon', 'r.anonymous', 'r.reporter_name', 'r.reporter_email', 'r.attributes', 'r.source', 'r.created_at', 'r.confirmed_at', 'r.fixed_at', 'r.closed_at', 'r.hidden_at'])
    .where('r.reporter_user_id', '=', userId)
    .orderBy('r.created_at')
    .execute();
  const ids = reports.map((r) => r.id);
  const photos = ids.length ? await trx.selectFrom('reports_photos').select(['id', 'report_id', 'file_name', 'mime', 'created_at']).where('report_id', 'in', ids).orderBy('created_at').execute() : [];
  const updates = await trx.selectFrom('reports_updates').select(['report_id', 'kind', 'status', 'text', 'created_at']).where('author_user_id', '=', userId).orderBy('created_at').execute();
  const fileOf = (p: (typeof photos)[number]) => `photos/${p.report_id}-${p.id}.${p.mime === 'image/png' ? 'png' : p.mime === 'image/webp' ? 'webp' : 'jpg'}`;
  return {
    name: 'reports',
    data: {
      reports: reports.map((r) => ({ ...r, photos: photos.filter((p) => p.report_id === r.id).map(fileOf) })),
      updatesWritten: updates,
    },
    files: photos.map((p) => ({ name: fileOf(p), read: () => readAll(storage, photoKey(p.file_name), 'photo') })),
  };
}
