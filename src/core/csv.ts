/**
 * CSV for every collection: `.csv` on the path or `Accept: text/csv`. One implementation (csv-stringify)
 * so quoting, the UTF-8 BOM that spreadsheet programs need for Romanian diacritics, and headers agree
 * everywhere.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';

/** True when the client asked for CSV, by extension or by Accept header. */
export function wantsCsv(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? '';
  if (path.endsWith('.csv')) return true;
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/application\/json/.test(accept.split(',')[0] ?? '');
}

export interface CsvColumn<T> {
  header: string;
  value(row: T): string | number | boolean | null | undefined;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const records = rows.map((r) => columns.map((c) => {
    const v = c.value(r);
    return v === null || v === undefined ? '' : v;
  }));
  return '\uFEFF' + stringify([columns.map((c) => c.header), ...records], { record_delimiter: 'windows' });
}

/** Sends rows as a CSV download named `filename`. */
export function sendCsv<T>(reply: FastifyReply, filename: string, rows: readonly T[], columns: readonly CsvColumn<T>[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .serializer((x: unknown) => x as string)
    .send(toCsv(rows, columns));
}

/** CSV from flat objects; the header is the keys of the first row (or `header` when there are no rows). */
export function csvOf(rows: Record<string, unknown>[], header: string[] = []): string {
  const keys = rows[0] ? Object.keys(rows[0]) : header;
  return toCsv(rows, keys.map((k) => ({ header: k, value: (r: Record<string, unknown>) => (r[k] === null || r[k] === undefined ? null : (r[k] as string | number | boolean)) })));
}
