/**
 * Reports' photos: the generic intake in core/images.ts (content-checked, HEIC decoded, re-encoded to
 * JPEG without any metadata, written only when the request is valid) with the reports' own limits and
 * folder.
 */
import { join } from 'node:path';
import { IMAGE_LIMITS, processImage, type ProcessedImage, writeImages } from '../../core/images.js';

export const PHOTO_LIMITS = { files: 3, fileBytes: IMAGE_LIMITS.fileBytes, maxEdge: IMAGE_LIMITS.maxEdge } as const;

export type ProcessedPhoto = ProcessedImage;

/** Decodes, checks and re-encodes one upload; throws a 400 naming `field` when it is not a usable image. */
export function processPhoto(input: Buffer, field: string): Promise<ProcessedPhoto> {
  return processImage(input, field, { maxEdge: PHOTO_LIMITS.maxEdge });
}

export function photoDir(dataDir: string): string {
  return join(dataDir, 'uploads', 'reports');
}

/** Writes the files; returns a function that removes them again (for a failed transaction). */
export function writePhotos(dataDir: string, photos: ProcessedPhoto[]): () => void {
  return writeImages(photoDir(dataDir), photos);
}
