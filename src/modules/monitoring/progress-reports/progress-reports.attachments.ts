/**
 * Attachments of progress reports, checked by their content, never by their name or declared type: images
 * go through the shared photo intake (decoded, re-encoded as JPEG without metadata); PDFs must start with the
 * `%PDF-` signature and end with an `%%EOF` marker. Anything else is refused with a 400 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { IMAGE_LIMITS, processImage } from '../../../core/images.js';
import { validationFailed } from '../../../core/errors.js';
import { isPdf, safeFileName } from '../../../core/documents.js';
import { putAll, type Storage, type StoredObject } from '../../../core/storage.js';
import type { ReportAttachment } from '../monitoring.tables.js';

export const ATTACHMENT_LIMITS = { fileBytes: IMAGE_LIMITS.fileBytes, perReport: 10 } as const;

export interface CheckedFile {
  attachment: ReportAttachment;
  buffer: Buffer;
}

const PDF_MAGIC = Buffer.from('%PDF-');
export { isPdf };
const safeName = (name: string, ext: string) => safeFileName(name, ext, 'attachment');

export async function checkAttachment(buf: Buffer, name: string, field = 'file'): Promise<CheckedFile> {
  if (!buf.length) throw validationFailed([{ field, message: 'The file is empty.', code: 'empty_file' }]);
  if (isPdf(buf)) {
    const id = randomUUID();
    return { attachment: { id, fileName: `${id}.pdf`, mediaType: 'application/pdf', bytes: buf.length, name: safeName(name, 'pdf') }, buffer: buf };
  }
  if (buf.subarray(0, 5).equals(PDF_MAGIC)) throw validationFailed([{ field, message: 'The file starts like a PDF but is not a complete PDF document.', code: 'not_a_pdf' }]);
  let image;
  try {
    image = await processImage(buf, field);
  } catch {
    throw validationFailed([{ field, message: 'Not a PDF or an image (JPEG, PNG, WebP, HEIC/AVIF): the content was checked, not the name.', code: 'unsupported_file' }]);
  }
  return { attachment: { id: image.id, fileName: image.fileName, mediaType: 'image/jpeg', bytes: image.buffer.length, name: safeName(name, 'jpg') }, buffer: image.buffer };
}

/** Attachments in the platform's storage, under `monitoring/attachments/<tenant>/` (the data directory's layout). */
export class AttachmentStore {
  constructor(private readonly storage: Storage) {}

  private key(tenantId: number, fileName: string) {
    return `monitoring/attachments/${tenantId}/${fileName}`;
  }

  /** Stores the file (durable on return); returns a function that removes it again, for a failed transaction. */
  write(tenantId: number, file: CheckedFile): Promise<() => Promise<void>> {
    return putAll(this.storage, [{ key: this.key(tenantId, file.attachment.fileName), body: file.buffer, contentType: file.attachment.mediaType }]);
  }

  /** The stored file; a missing one is a 404 problem. */
  read(tenantId: number, a: ReportAttachment): Promise<StoredObject> {
    return this.storage.get(this.key(tenantId, a.fileName), { what: 'attachment' });
  }
}
