/**
 * Files the platform stored itself (uploads, photos, pictures), opened before anything is sent. A stream
 * created with `createReadStream(path)` only fails once the headers are out, so a file missing from disk
 * (lost, or a restore without the uploads directory) cut the connection or answered 500; opened first, it
 * is a clean 404 problem+json.
 */
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { notFound } from './errors.js';

export async function openStoredFile(path: string, what = 'file'): Promise<ReadStream> {
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw notFound(what);
    throw e;
  }
}
