/** The only place that builds SQL for participatory processes. Write methods take the transaction. */
import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export type ProcessRow = NonNullable<Awaited<ReturnType<ProcessesRepository['byKey']>>>;

export class ProcessesRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  list(tenantId: number) {
    return this.db.selectFrom('participation_processes').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }
  byKey(tenantId: number, key: { id: number } | { slug: string }) {
    const qb = this.db.selectFrom('participation_processes').selectAll().where('tenant_id', '=', tenantId);
    return ('id' in key ? qb.where('id', '=', key.id) : qb.where('slug', '=', key.slug)).executeTakeFirst();
  }
  forProject(tenantId: number, code: string) {
    return this.db
      .selectFrom('participation_processes')
      .select(['id', 'slug', 'title', 'scope', 'phases'])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`links @> ${JSON.stringify([{ code }])}::jsonb`)
      .orderBy('created_at', 'desc')
      .execute();
  }
  phasesOf(processId: number) {
    return this.db.selectFrom('participation_processes').select('phases').where('id', '=', processId).executeTakeFirst();
  }
  insert(trx: Q, row: Insertable<Database['participation_processes']>) {
    return trx.insertInto('participation_processes').values(row).returning('id').executeTakeFirstOrThrow();
  }
  update(trx: Q, id: number, patch: Updateable<Database['participation_processes']>) {
    return trx.updateTable('participation_processes').set(patch).where('id', '=', id).execute();
  }
}
