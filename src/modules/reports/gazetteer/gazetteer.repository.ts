/** SQL for a city's address gazetteer (the only place that builds it). Writes take the transaction. */
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { type GazetteerRow, HOUSE_NUMBER, normaliseLabel } from './gazetteer.geocoder.js';
import '../reports.tables.js';

export class GazetteerRepository {
  constructor(private readonly db: Db) {}

  /** The unit of work: a change, its audit row and its event commit together. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** Replaces (or extends) a city's gazetteer inside the caller's transaction, 1,000 rows per statement. */
  async insert(
    trx: Transaction<Database>,
    tenantId: number,
    rows: readonly GazetteerRow[],
    opts: { replace: boolean; source: string; onProgress?: ((done: number, total: number) => void) | undefined },
  ): Promise<void> {
    if (opts.replace) await trx.deleteFrom('reports_gazetteer').where('tenant_id', '=', tenantId).execute();
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await trx
        .insertInto('reports_gazetteer')
        .values(chunk.map((r) => ({ tenant_id: tenantId, label: r.label, label_norm: normaliseLabel(r.label), kind: r.kind, lat: r.lat, lon: r.lon, source: opts.source })))
        .execute();
      opts.onProgress?.(i + chunk.length, rows.length);
    }
  }

  /**
   * The best matches for normalised query words: every word must begin a word of the label (a house number
   * is a whole word: "2" finds "2" and "2a", never "20" or "12"); exact, then prefix, then shorter labels first.
   */
  search(tenantId: number, words: readonly string[], limit: number): Promise<GazetteerRow[]> {
    const whole = words.join(' ');
    let query = this.db.selectFrom('reports_gazetteer').select(['label', 'kind', 'lat', 'lon']).where('tenant_id', '=', tenantId);
    for (const w of words)
      query = HOUSE_NUMBER.test(w)
        ? query.where(sql<boolean>`label_norm ~ ${`(^| )${w}${/\d$/.test(w) ? '[a-z]?' : ''}( |$)`}`)
        : query.where((eb) => eb.or([eb('label_norm', 'like', `${w}%`), eb('label_norm', 'like', `% ${w}%`)]));
    return query
      .orderBy(sql`case when label_norm = ${whole} then 0 when label_norm like ${`${whole}%`} then 1 else 2 end`)
      .orderBy(sql`length(label)`)
      .orderBy('label')
      .limit(limit)
      .execute();
  }

  /** The distinct sources a city's gazetteer was loaded from (file names, "demo (approximate)", …). */
  async sources(tenantId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('reports_gazetteer').select('source').distinct().where('tenant_id', '=', tenantId).execute();
    return rows.map((r) => r.source ?? '');
  }

  async size(tenantId: number): Promise<number> {
    const r = await this.db.selectFrom('reports_gazetteer').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
