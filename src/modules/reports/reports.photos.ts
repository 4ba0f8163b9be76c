/**
 * Reports' photos: the generic intake in core/images.ts (content-checked, HEIC decoded, re-encoded to
 * JPEG without any metadata, written only when the request is valid) with the reports' own limits and
 * folder.
 */
import { join } from 'node:path';
import { IMAGE_LIMITS, processImage, type ProcessedImage, storeFiles } from '../../core/images.js';
import type { Storage } from '../../core/storage.js';

export const PHOTO_LIMITS = { files: 3, fileBytes: IMAGE_LIMITS.fileBytes, maxEdge: IMAGE_LIMITS.maxEdge } as const;

export type ProcessedPhoto = ProcessedImage;

/** Decodes, checks and re-encodes one upload; throws a 400 naming `field` when it is not a usable image. */
export function processPhoto(input: Buffer, field: string): Promise<ProcessedPhoto> {
  return processImage(input, field, { maxEdge: PHOTO_LIMITS.maxEdge });
}

/** The storage key folder of report photos (under URBIA_DATA_DIR with the local backend). */
export const PHOTO_PREFIX = 'uploads/reports';

/** The local backend's folder of report photos. */
export function photoDir(dataDir: string): string {
  return join(dataDir, ...PHOTO_PREFIX.split('/'));
}

export const photoKey = (fileName: string) => `${PHOTO_PREFIX}/${fileName}`;

/** Stores the files (durable on return); returns a function that removes them again (for a failed transaction). */
export function writePhotos(storage: Storage, photos: ProcessedPhoto[]): Promise<() => Promise<void>> {
  return storeFiles(storage, PHOTO_PREFIX, photos);
}
