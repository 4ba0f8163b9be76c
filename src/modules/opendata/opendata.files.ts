/**
 * Uploaded files: streamed to a spool file in URBIA_DATA_DIR/.urbia-spool/, hashed on the way, their type
 * checked by content (a file named .csv must read as CSV text, a .pdf must start with %PDF-, …), never by
 * the name or the browser's Content-Type alone, and only then moved to the platform's storage under
 * `uploads/opendata/<tenant>/<id>` (the data directory itself with the local backend, a bucket with S3).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { AppError, tooLarge } from '../../core/errors.js';
import { readHead as readStoredHead, type Storage } from '../../core/storage.js';
import { FORMATS } from './opendata.vocab.js';
import type { UploadFormat } from './opendata.tables.js';

export const UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

const EXT: Record<string, UploadFormat> = { csv: 'CSV', json: 'JSON', geojson: 'GEOJSON', xlsx: 'XLSX', pdf: 'PDF', zip: 'ZIP' };

export interface StoredFile {
  /** the storage key (the path under URBIA_DATA_DIR with the local backend) */
  relative: string;
  size: number;
  sha256: string;
  format: UploadFormat;
}

const wrongType = (message: string) => new AppError(415, 'unsupported_media_type', message, [{ field: 'file', message }]);

export function formatOfName(filename: string): UploadFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const f = EXT[ext];
  if (!f) throw wrongType('Only CSV, JSON, GeoJSON, XLSX, PDF and ZIP files can be uploaded.');
  return f;
}

/**
 * Streams an upload to a spool file, checks it, then stores it (durable on return); throws 413 when it is
 * over the limit and 415 when the content is not what the name says (the spooled file is removed).
 */
export async function storeUpload(storage: Storage, dataDir: string, tenantSlug: string, filename: string, stream: Readable & { truncated?: boolean }): Promise<StoredFile> {
  const format = formatOfName(filename);
  const id = randomUUID();
  const relative = `uploads/opendata/${tenantSlug}/${id}`;
  // the spool sits in the data directory (same file system: the local backend renames it into place);
  // backups skip `.urbia-*`
  const spool = join(dataDir, '.urbia-spool');
  await mkdir(spool, { recursive: true });
  const path = join(spool, id);
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, createWriteStream(path, { mode: 0o640 }));
    if (stream.truncated || size > UPLOAD_MAX_BYTES) throw tooLarge('The file is larger than 200 MB.');
    if (size === 0) throw wrongType('The file is empty.');
    await checkContent(path, format, size);
    await storage.putFile(relative, path, FORMATS[format].mediaType);
  } catch (e) {
    await unlink(path).catch(() => undefined);
    throw e;
  }
  return { relative, size, sha256: hash.digest('hex'), format };
}

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const JSON_PARSE_LIMIT = 50 * 1024 * 1024;

async function checkContent(path: string, format: UploadFormat, size: number): Promise<void> {
  const start = await head(path, 64 * 1024);
  const isZip = start.length >= 4 && start.readUInt32LE(0) === 0x04034b50;
  switch (format) {
    case 'PDF':
      if (!start.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw wrongType('The file is not a PDF document.');
      return;
    case 'ZIP':
      if (!isZip) throw wrongType('The file is not a ZIP archive.');
      return;
    case 'XLSX':
      // An XLSX is a ZIP whose parts include [Content_Types].xml and the xl/ folder.
      if (!isZip || !(start.includes('[Content_Types].xml') || start.includes('xl/'))) throw wrongType('The file is not an Excel (XLSX) workbook.');
      return;
    case 'CSV': {
      if (start.includes(0)) throw wrongType('The file is not CSV text (it contains binary data).');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(start).replace(/^\uFEFF/, '');
      const lines = text.split(/\r?\n/);
      if (size > start.length) lines.pop(); // the last line may be cut
      try {
        const rows = parse(lines.join('\n'), { relax_column_count: false, skip_empty_lines: true, delimiter: detectDelimiter(lines[0] ?? '') }) as string[][];
        if (rows.length === 0) throw new Error('empty');
      } catch {
        throw wrongType('The file is not valid CSV: every row must have the same number of columns as the header.');
      }
      return;
    }
    case 'JSON':
    case 'GEOJSON': {
      if (size > JSON_PARSE_LIMIT) {
        if (!/^\s*[[{]/.test(start.toString('utf8').replace(/^\uFEFF/, ''))) throw wrongType('The file is not JSON.');
        return;
      }
      let data: unknown;
      try {
        data = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
      } catch {
        throw wrongType('The file is not valid JSON.');
      }
      if (format === 'GEOJSON') {
        const t = (data as { type?: string } | null)?.type;
        if (t !== 'FeatureCollection' && t !== 'Feature') throw wrongType('The file is not GeoJSON (a FeatureCollection or a Feature).');
      }
      return;
    }
  }
}

export function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

/** An uploaded file's content; a missing one is a 404 before anything is sent. */
export async function readStream(storage: Storage, relative: string): Promise<Readable> {
  return (await storage.get(relative)).stream;
}

/** The file as text, or null when it is larger than `maxBytes`. */
export async function readText(storage: Storage, relative: string, maxBytes = JSON_PARSE_LIMIT): Promise<string | null> {
  const buf = await readStoredHead(storage, relative, maxBytes + 1);
  if (buf.length > maxBytes) return null;
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

export function readHead(storage: Storage, relative: string, n: number): Promise<Buffer> {
  return readStoredHead(storage, relative, n);
}
