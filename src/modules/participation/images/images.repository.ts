/** The only place that builds SQL for the images of proposals and budget projects. Write methods take the transaction. */
import type { Insertable, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export type ImageTarget = 'proposal' | 'budget_project';

export class ImagesRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** The images of some items, ordered by item and position. */
  of(target: ImageTarget, ids: number[]) {
    return this.db.selectFrom('participation_images').select(['id', 'target_id', 'width', 'height']).where('target_type', '=', target).where('target_id', 'in', ids).orderBy('target_id').orderBy('position').execute();
  }
  positionsTaken(target: ImageTarget, targetId: number) {
    return this.db.selectFrom('participation_images').select('position').where('target_type', '=', target).where('target_id', '=', targetId).execute();
  }
  one(target: ImageTarget, targetId: number, imageId: string) {
    return this.db.selectFrom('participation_images').select(['id', 'file_name']).where('id', '=', imageId).where('target_type', '=', target).where('target_id', '=', targetId).executeTakeFirst();
  }
  insert(trx: Q, rows: Insertable<Database['participation_images']>[]) {
    return trx.insertInto('participation_images').values(rows).execute();
  }
  delete(trx: Q, id: string) {
    return trx.deleteFrom('participation_images').where('id', '=', id).execute();
  }
}
