/**
 * Document intake shared by modules that accept files other than pictures (meeting documents, report
 * attachments). The content decides, never the name or the announced type:
 *
 * - PDF: starts with `%PDF-` and has the `%%EOF` marker in its last kilobyte;
 * - OpenDocument (text, spreadsheet, presentation): a ZIP whose first entry is the uncompressed `mimetype`
 *   file naming an ODF type (ODF 1.2 part 3, §3.3), with the ZIP's end-of-central-directory record present;
 * - images: decoded and re-encoded as JPEG without metadata by the shared image intake (`processImage`).
 *
 * Anything else is a 400 naming the field (`empty_file`, `not_a_pdf`, `unsupported_file`).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { validationFailed } from './errors.js';
import { processImage } from './images.js';

const PDF_MAGIC = Buffer.from('%PDF-');
const PDF_EOF = Buffer.from('%%EOF');

export function isPdf(buf: Buffer): boolean {
  if (buf.length < 16 || !buf.subarray(0, 5).equals(PDF_MAGIC)) return false;
  // The end-of-file marker sits in the last kilobyte (writers may append a newline or a few bytes).
  return buf.subarray(Math.max(0, buf.length - 1024)).includes(PDF_EOF);
}

/** OpenDocument types accepted, by the `mimetype` entry's content, with the extension they are stored under. */
export const ODF_TYPES: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/** The OpenDocument media type of the bytes, or null when they are not an ODF package. */
export function odfType(buf: Buffer): string | null {
  // local file header: signature, …, name length at 26, extra length at 28, name at 30; method 0 (stored) at 8
  if (buf.length < 100 || buf.readUInt32LE(0) !== 0x04034b50 || buf.readUInt16LE(8) !== 0) return null;
  const nameLen = buf.readUInt16LE(26);
  const extraLen = buf.readUInt16LE(28);
  const size = buf.readUInt32LE(18);
  if (buf.toString('latin1', 30, 30 + nameLen) !== 'mimetype' || size > 100) return null;
  const start = 30 + nameLen + extraLen;
  const type = buf.toString('latin1', start, start + size);
  if (!(type in ODF_TYPES)) return null;
  // the end-of-central-directory record (22 bytes plus a comment of at most 64 kB) must be there: a whole archive
  const tail = buf.subarray(Math.max(0, buf.length - 22 - 65_535));
  return tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06])) ? type : null;
}

export interface CheckedDocument {
  id: string;
  /** `<id>.<ext>`: the name it is stored under */
  fileName: string;
  mediaType: string;
  /** the uploader's name, cleaned, with the extension of what it really is */
  name: string;
  buffer: Buffer;
}

/** A printable file name: path parts, control characters and markup-ish characters removed. */
export function safeFileName(name: string, ext: string, fallback = 'document'): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[^\p{L}\p{N} ._()-]/gu, '').trim().slice(0, 120);
  const stem = base.replace(/\.[^.]*$/, '') || fallback;
  return `${stem}.${ext}`;
}

/** Checks one uploaded document by its content; images come back re-encoded. Throws a 400 naming `field`. */
export async function checkDocument(buf: Buffer, name: string, field = 'file'): Promise<CheckedDocument> {
  if (!buf.length) throw validationFailed([{ field, message: 'The file is empty.', code: 'empty_file' }]);
  const id = randomUUID();
  if (isPdf(buf)) return { id, fileName: `${id}.pdf`, mediaType: 'application/pdf', name: safeFileName(name, 'pdf'), buffer: buf };
  if (buf.subarray(0, 5).equals(PDF_MAGIC)) throw validationFailed([{ field, message: 'The file starts like a PDF but is not a complete PDF document.', code: 'not_a_pdf' }]);
  const odf = odfType(buf);
  if (odf) {
    const ext = ODF_TYPES[odf]!;
    return { id, fileName: `${id}.${ext}`, mediaType: odf, name: safeFileName(name, ext), buffer: buf };
  }
  let image;
  try {
    image = await processImage(buf, field);
  } catch {
    throw validationFailed([{ field, message: 'Not a PDF, an OpenDocument file (ODT, ODS, ODP) or an image (JPEG, PNG, WebP, HEIC/AVIF): the content was checked, not the name.', code: 'unsupported_file' }]);
  }
  return { id: image.id, fileName: image.fileName, mediaType: 'image/jpeg', name: safeFileName(name, 'jpg'), buffer: image.buffer };
}

/**
 * Reads the one file of a multipart/form-data request (`@fastify/multipart` registered with `files: 1` and a
 * `fileSize` limit) as a buffer; 400s naming `field` when the request is not multipart, has no such part, or
 * the file is over the limit.
 */
export async function readOneUpload(req: FastifyRequest, field: string, maxBytes: number): Promise<{ buffer: Buffer; name: string }> {
  if (!req.isMultipart()) throw validationFailed([{ field, message: `Send the file as multipart/form-data in a field named "${field}".` }]);
  let file;
  try {
    file = await req.file();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') throw validationFailed([{ field, message: 'one file per request' }]);
    throw e;
  }
  if (!file || file.fieldname !== field) throw validationFailed([{ field, message: `required (a part named "${field}")`, code: 'required' }]);
  try {
    return { buffer: await file.toBuffer(), name: file.filename };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw validationFailed([{ field, message: `at most ${maxBytes / 1024 / 1024} MB`, code: 'too_large' }]);
    throw e;
  }
}
