/**
 * Image intake shared by every module that accepts pictures from the public (reports' photos,
 * participation's proposal and budget images, …).
 *
 * - The content decides: the bytes are read (sharp, or libheif for HEIC); the file name and the announced
 *   type are ignored.
 * - Every image is re-encoded to JPEG (orientation applied, longest edge ≤ `maxEdge`, transparency on
 *   white), which drops all metadata: EXIF (including GPS location), XMP, ICC comments.
 * - HEIC/HEIF (iPhone photos): sharp's prebuilt libvips has libheif with the AV1 decoder only (AVIF), not
 *   HEVC. HEIC is recognised by its `ftyp` brands and decoded to RGBA by `heic-decode` (libheif-js: libheif
 *   + libde265 compiled to WebAssembly, loaded only when a HEIC file arrives), then the raw pixels go
 *   through the same sharp pipeline. libheif already applies the HEIF transforms (irot/imir), so the
 *   pixels are upright. The WASM decode (0.7–1.2 s for a 12-megapixel photo on a loaded 2-core machine,
 *   against 0.3–0.4 s for the same picture as JPEG) runs in a worker thread, so the server keeps answering.
 * - Files are stored only once the whole request is valid (`storeFiles`, through the storage interface), and
 *   the returned undo function removes them again if the transaction fails afterwards.
 *
 * Errors are 400s naming `field` with code `empty_file`, `not_an_image` or `too_many_pixels`.
 */
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Sharp } from 'sharp';
import { validationFailed } from './errors.js';
import { putAll, type Storage } from './storage.js';

export const IMAGE_LIMITS = {
  /** bytes per uploaded file (enforce it in the multipart limits too) */
  fileBytes: 10 * 1024 * 1024,
  /** longest edge of the stored JPEG */
  maxEdge: 2048,
  /** decoded pixels (width × height) accepted before anything is decoded in full: decompression bombs */
  maxInputPixels: 50_000_000,
  jpegQuality: 82,
} as const;

export interface ProcessedImage {
  id: string;
  /** `<id>.jpg` */
  fileName: string;
  buffer: Buffer;
  width: number;
  height: number;
}

export interface ImageOptions {
  /** longest edge of the stored JPEG; default IMAGE_LIMITS.maxEdge */
  maxEdge?: number;
}

const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);

/** The ISO-BMFF `ftyp` brands (major first) when the bytes start with an ftyp box, else []. */
export function ftypBrands(input: Buffer): string[] {
  if (input.length < 16 || input.toString('latin1', 4, 8) !== 'ftyp') return [];
  const size = Math.min(input.readUInt32BE(0), input.length, 4096);
  if (size < 16) return [];
  const brands = [input.toString('latin1', 8, 12)];
  for (let o = 16; o + 4 <= size; o += 4) brands.push(input.toString('latin1', o, o + 4));
  return brands;
}

/** True for HEIF files whose image codec is HEVC (what iPhones write), judged by content only. */
export function isHeic(input: Buffer): boolean {
  const brands = ftypBrands(input);
  if (brands.length === 0 || brands[0] === 'avif' || brands[0] === 'avis') return false;
  return brands.some((b) => HEVC_BRANDS.has(b));
}

/**
 * HEIC is decoded in one worker thread (created on the first HEIC upload, not keeping the process alive):
 * the WASM decoder is synchronous and would otherwise stop the server for the second or so it needs. The
 * worker is plain CommonJS evaluated from this string, so it runs the same under tsx, vitest and node.
 */
const HEIC_WORKER = (heicDecodePath: string) => `
const { parentPort } = require('node:worker_threads');
// libheif prints parse errors ("Could not parse HEIF file …"); they are answered as 'unreadable' instead
console.log = console.warn = console.error = () => {};
const decode = require(${JSON.stringify(heicDecodePath)});
parentPort.on('message', async ({ id, buffer, maxPixels }) => {
  let images;
  try {
    images = await decode.all({ buffer });
  } catch {
    return parentPort.postMessage({ id, error: 'unreadable' });
  }
  try {
    const primary = images[0];
    if (!primary) return parentPort.postMessage({ id, error: 'unreadable' });
    if (primary.width * primary.height > maxPixels) return parentPort.postMessage({ id, error: 'too_many_pixels' });
    const d = await primary.decode();
    parentPort.postMessage({ id, width: d.width, height: d.height, data: d.data }, [d.data.buffer]);
  } catch {
    parentPort.postMessage({ id, error: 'unreadable' });
  } finally {
    images.dispose();
  }
});`;

type HeicAnswer = { id: number; error: 'unreadable' | 'too_many_pixels' } | { id: number; error?: undefined; width: number; height: number; data: Uint8ClampedArray };
let heicWorker: Worker | undefined;
let heicSeq = 0;
const heicPending = new Map<number, { resolve: (a: HeicAnswer) => void; reject: (e: unknown) => void }>();

function worker(): Worker {
  if (heicWorker) return heicWorker;
  const w = new Worker(HEIC_WORKER(createRequire(import.meta.url).resolve('heic-decode')), { eval: true });
  w.unref();
  const failAll = (e: unknown) => {
    if (heicWorker === w) heicWorker = undefined;
    for (const p of heicPending.values()) p.reject(e);
    heicPending.clear();
  };
  w.on('message', (m: HeicAnswer) => {
    const p = heicPending.get(m.id);
    heicPending.delete(m.id);
    if (heicPending.size === 0) w.unref();
    p?.resolve(m);
  });
  w.on('error', failAll);
  w.on('exit', () => failAll(new Error('the HEIC decoder stopped')));
  heicWorker = w;
  return w;
}

async function decodeHeic(input: Buffer, field: string): Promise<{ data: Buffer; width: number; height: number }> {
  const id = ++heicSeq;
  let answer: HeicAnswer;
  try {
    answer = await new Promise<HeicAnswer>((resolve, reject) => {
      heicPending.set(id, { resolve, reject });
      const w = worker();
      w.ref(); // kept alive while a decode is pending, and only then
      w.postMessage({ id, buffer: input, maxPixels: IMAGE_LIMITS.maxInputPixels });
    });
  } catch {
    throw notAnImage(field, 'The HEIC photo could not be read.');
  }
  if (answer.error === 'too_many_pixels') throw tooManyPixels(field);
  if (answer.error) throw notAnImage(field, 'The HEIC photo could not be read.');
  return { data: Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength), width: answer.width, height: answer.height };
}

function notAnImage(field: string, message = 'The file is not a JPEG, PNG, WebP or HEIC image.') {
  return validationFailed([{ field, message, code: 'not_an_image' }]);
}
function tooManyPixels(field: string) {
  return validationFailed([{ field, message: 'The image has too many pixels.', code: 'too_many_pixels' }]);
}

/** Decodes, checks and re-encodes one upload; throws a 400 naming `field` when it is not a usable image. */
export async function processImage(input: Buffer, field: string, opts: ImageOptions = {}): Promise<ProcessedImage> {
  if (input.length === 0) throw validationFailed([{ field, message: 'The file is empty.', code: 'empty_file' }]);
  const maxEdge = opts.maxEdge ?? IMAGE_LIMITS.maxEdge;
  // libvips loads with the first photo, not with the server (about 30 MB resident an idle process does not need)
  const { default: sharp } = await import('sharp');
  let pipeline: Sharp;
  if (isHeic(input)) {
    const raw = await decodeHeic(input, field);
    pipeline = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 4 } });
  } else {
    let format: string | undefined;
    try {
      format = (await sharp(input, { failOn: 'error' }).metadata()).format;
    } catch {
      format = undefined;
    }
    // 'heif' here is AVIF (AV1), which sharp's libheif decodes
    if (!format || !['jpeg', 'png', 'webp', 'heif'].includes(format)) throw notAnImage(field);
    pipeline = sharp(input, { failOn: 'error', limitInputPixels: IMAGE_LIMITS.maxInputPixels }).rotate(); // EXIF orientation, before the metadata is dropped
  }
  try {
    const { data, info } = await pipeline
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: IMAGE_LIMITS.jpegQuality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const id = randomUUID();
    return { id, fileName: `${id}.jpg`, buffer: data, width: info.width, height: info.height };
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) throw tooManyPixels(field);
    throw notAnImage(field, 'The image could not be read.');
  }
}

/**
 * Stores checked files (images, or any checked upload with its `mediaType`) under `prefix` (a storage key
 * folder such as `uploads/reports`), durable before it returns; returns a function that removes them again
 * (for a failed transaction).
 */
export function storeFiles(storage: Storage, prefix: string, files: readonly (Pick<ProcessedImage, 'fileName' | 'buffer'> & { mediaType?: string })[]): Promise<() => Promise<void>> {
  return putAll(
    storage,
    files.map((f) => ({ key: `${prefix}/${f.fileName}`, body: f.buffer, contentType: f.mediaType ?? 'image/jpeg' })),
  );
}
