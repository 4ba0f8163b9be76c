/**
 * Photo intake: the content decides (sharp reads the bytes; the file name and the announced type are
 * ignored), every photo is re-encoded to JPEG, which drops all metadata (EXIF, including GPS location),
 * and files are written only once the whole request is valid, and removed again if it fails afterwards.
 *
 * HEIC: sharp's prebuilt libvips ships libheif with the AV1 decoder only (AVIF), not HEVC, so iPhone HEIC
 * photos cannot be decoded here; they are refused with a clear message instead of being stored unread.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { validationFailed } from '../../core/errors.js';

export const PHOTO_LIMITS = { files: 3, fileBytes: 10 * 1024 * 1024, maxEdge: 2048 } as const;

export interface ProcessedPhoto {
  id: string;
  fileName: string;
  buffer: Buffer;
  width: number;
  height: number;
}

/** Decodes, checks and re-encodes one upload; throws a 400 naming `field` when it is not a usable image. */
export async function processPhoto(input: Buffer, field: string): Promise<ProcessedPhoto> {
  if (input.length === 0) throw validationFailed([{ field, message: 'The file is empty.', code: 'empty_file' }]);
  let format: string | undefined;
  try {
    format = (await sharp(input, { failOn: 'error' }).metadata()).format;
  } catch {
    format = undefined;
  }
  const isHeic = format === 'heif' || /^....ftyp(heic|heix|hevc|hevx|mif1|msf1)/s.test(input.subarray(0, 12).toString('latin1'));
  if (isHeic && format !== 'heif')
    throw validationFailed([{ field, message: 'HEIC photos cannot be read here yet; please send JPEG, PNG or WebP (most phones can share a photo as JPEG).', code: 'heic_unsupported' }]);
  if (!format || !['jpeg', 'png', 'webp', 'heif'].includes(format))
    throw validationFailed([{ field, message: 'The file is not a JPEG, PNG or WebP image.', code: 'not_an_image' }]);
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 })
      .rotate() // apply the EXIF orientation before the metadata is dropped
      .resize({ width: PHOTO_LIMITS.maxEdge, height: PHOTO_LIMITS.maxEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const id = randomUUID();
    return { id, fileName: `${id}.jpg`, buffer: data, width: info.width, height: info.height };
  } catch {
    const message = format === 'heif' ? 'HEIC photos cannot be read here yet; please send JPEG, PNG or WebP.' : 'The image could not be read.';
    throw validationFailed([{ field, message, code: format === 'heif' ? 'heic_unsupported' : 'not_an_image' }]);
  }
}

export function photoDir(dataDir: string): string {
  return join(dataDir, 'uploads', 'reports');
}

/** Writes the files; returns a function that removes them again (for a failed transaction). */
export function writePhotos(dataDir: string, photos: ProcessedPhoto[]): () => void {
  const dir = photoDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const undo = () => {
    for (const f of written) rmSync(f, { force: true });
  };
  try {
    for (const p of photos) {
      const path = join(dir, p.fileName);
      writeFileSync(path, p.buffer, { flag: 'wx' });
      written.push(path);
    }
  } catch (e) {
    undo();
    throw e;
  }
  return undo;
}
