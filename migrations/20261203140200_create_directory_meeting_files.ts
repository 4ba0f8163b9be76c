import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, idAndTenant } from './lib/columns.js';

/** Documents uploaded to a meeting (PDF, OpenDocument, images re-encoded as JPEG), optionally tied to an agenda item. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table directory_meeting_files (
      ${idAndTenant('serial')},
      ${belongsTo('meeting_id', 'directory_meetings')},
      agenda_item int check (agenda_item is null or agenda_item >= 0),
      title text not null check (length(title) between 1 and 200),
      name text not null,
      file_name text not null unique,
      media_type text not null,
      bytes int not null check (bytes > 0),
      ${byUser('uploaded_by')},
      ${createdAt}
    )`,
    sql`create index directory_meeting_files_meeting on directory_meeting_files (meeting_id, id)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table directory_meeting_files`]);
}
