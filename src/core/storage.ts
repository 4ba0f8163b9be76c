/**
 * Where uploads live (issue 19): every module that keeps a file people sent (report photos, participation
 * pictures, organisation logos, meeting documents, progress-report attachments, open-data uploads) goes
 * through this interface, never through node:fs, so several app processes on several machines can share
 * them.
 *
 * - `local` (default): files under URBIA_DATA_DIR, at the very paths the platform always used
 *   (`uploads/reports/<id>.jpg`, `monitoring/attachments/<tenant>/<id>.pdf`, …): existing data keeps working
 *   without moving a file. A write is durable before it returns: the file is fsynced, then its directory.
 * - `s3` (URBIA_STORAGE=s3): an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, …) through
 *   @aws-sdk/client-s3; a write has returned once PutObject has (S3 answers only after it stored the object).
 *
 * Keys are the relative paths of the local layout, with forward slashes. A missing object is the same clean
 * 404 problem+json whatever the backend (opened before any header is sent).
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type { Config } from './config.js';
import { notFound } from './errors.js';

export interface StoredObject {
  stream: Readable;
  size: number;
  contentType: string;
}

export interface GetOptions {
  /** what is missing, for the 404 ("photo", "document", …) */
  what?: string;
  /** only the first n bytes (a content sniff, a preview) */
  firstBytes?: number;
}

export interface Storage {
  readonly backend: 'local' | 's3';
  /** Stores bytes or a stream under `key`; durable once the promise resolves. */
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** Moves a finished local file (a checked upload spooled to disk) to `key`; the file is gone afterwards. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** Opens an object; a missing one throws notFound(what) before anything is sent. */
  get(key: string, opts?: GetOptions): Promise<StoredObject>;
  /** Removes an object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every key under `prefix` (a folder-like prefix such as `uploads/`), sorted. */
  list(prefix: string): Promise<string[]>;
}

const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Keys are relative paths made by the platform; anything else (`..`, a leading slash, odd bytes) is a bug. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((p) => p === '.' || p === '..')) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  return key;
}

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
/** The local backend keeps no metadata: the type follows from the extension the platform gave the file. */
export const typeOfKey = (key: string) => TYPES[/\.([a-z0-9]+)$/.exec(key)?.[1] ?? ''] ?? 'application/octet-stream';

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/** Files under one directory (URBIA_DATA_DIR). */
export class LocalStorage implements Storage {
  readonly backend = 'local' as const;
  constructor(readonly root: string) {}

  private path(key: string) {
    return join(this.root, ...checkKey(key).split('/'));
  }

  /** fsync of a directory makes a new entry in it durable (a crash after fsync of the file alone may lose the name). */
  private async syncDir(dir: string) {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // `wx`: never overwrite (keys carry a fresh UUID; a clash is a bug, not something to paper over)
    const h = await open(path, 'wx', 0o640);
    try {
      if (Buffer.isBuffer(body)) await h.writeFile(body);
      else for await (const chunk of body as AsyncIterable<Buffer>) await h.write(chunk);
      await h.sync();
    } catch (e) {
      await h.close().catch(() => undefined);
      await rm(path, { force: true });
      throw e;
    }
    await h.close();
    await this.syncDir(dirname(path));
  }

  async putFile(key: string, from: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const h = await open(from, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    try {
      await rename(from, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // another file system: copy through put (durable), then drop the spooled file
      await this.put(key, createReadStream(from));
      await rm(from, { force: true });
      return;
    }
    await this.syncDir(dirname(path));
  }

  async get(key: string, opts: GetOptions = {}): Promise<StoredObject> {
    let size: number;
    let stream: ReadStream;
    try {
      const h = await open(this.path(key), 'r');
      size = (await h.stat()).size;
      stream = h.createReadStream(opts.firstBytes !== undefined ? { start: 0, end: Math.max(0, opts.firstBytes - 1) } : {});
    } catch (e) {
      if (MISSING.has((e as NodeJS.ErrnoException).code ?? '')) throw notFound(opts.what ?? 'file');
      throw e;
    }
    return { stream, size, contentType: typeOfKey(key) };
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = join(this.root, ...prefix.split('/').filter(Boolean));
    const out: string[] = [];
    const walk = async (dir: string) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (MISSING.has((e as NodeJS.ErrnoException).code ?? '')) return;
        throw e;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(start);
    return out.filter((k) => k.startsWith(prefix)).sort();
  }
}

export interface S3Settings {
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
}

const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

/** Objects in one S3-compatible bucket. */
export class S3Storage implements Storage {
  readonly backend = 's3' as const;
  readonly bucket: string;
  /** the SDK and its client, loaded at first use: an installation on local files never holds the SDK (about 20 MB resident) */
  private s3: Promise<{ sdk: typeof S3; client: S3.S3Client }> | undefined;

  constructor(private readonly settings: S3Settings) {
    this.bucket = settings.bucket;
  }

  private sdk(): Promise<{ sdk: typeof S3; client: S3.S3Client }> {
    const s = this.settings;
    this.s3 ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: s.region,
        forcePathStyle: s.forcePathStyle,
        ...(s.endpoint ? { endpoint: s.endpoint } : {}),
        ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
        // Checksums only where the API requires them: many S3-compatible servers do not understand the
        // SDK's newer default (CRC32 trailers on streamed bodies); the signature still covers every request.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return this.s3;
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<void> {
    checkKey(key);
    // PutObject needs the length up front: a stream of unknown length is gathered first (uploads are
    // bounded by their routes' limits; large open-data files arrive spooled, through putFile)
    const bytes = Buffer.isBuffer(body) ? body : Buffer.concat(await body.toArray());
    const { sdk, client } = await this.sdk();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentLength: bytes.length, ContentType: contentType }));
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    checkKey(key);
    const size = (await stat(path)).size;
    const { sdk, client } = await this.sdk();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }));
    await rm(path, { force: true });
  }

  async get(key: string, opts: GetOptions = {}): Promise<StoredObject> {
    checkKey(key);
    const { sdk, client } = await this.sdk();
    try {
      const r = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, ...(opts.firstBytes !== undefined ? { Range: `bytes=0-${Math.max(0, opts.firstBytes - 1)}` } : {}) }),
      );
      const total = r.ContentRange ? Number(/\/(\d+)$/.exec(r.ContentRange)?.[1]) : r.ContentLength;
      return { stream: r.Body as Readable, size: total ?? 0, contentType: r.ContentType ?? typeOfKey(key) };
    } catch (e) {
      if (isMissing(e)) throw notFound(opts.what ?? 'file');
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.sdk();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  async exists(key: string): Promise<boolean> {
    const { sdk, client } = await this.sdk();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    const { sdk, client } = await this.sdk();
    do {
      const r = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key) out.push(o.Key);
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }
}

/** The backend the configuration names. */
export function createStorage(config: Pick<Config, 'dataDir' | 'storage'>): Storage {
  return config.storage.backend === 's3' ? new S3Storage(config.storage.s3) : new LocalStorage(config.dataDir);
}

/** One file to store: its key, bytes and type. */
export interface StorageItem {
  key: string;
  body: Buffer;
  contentType: string;
}

/**
 * Stores several files, all or none; returns a function that removes them again, for a transaction that
 * fails afterwards (the rows are written only once the files are durable, so a row never points at nothing).
 */
export async function putAll(storage: Storage, items: readonly StorageItem[]): Promise<() => Promise<void>> {
  const written: string[] = [];
  const undo = async () => {
    for (const k of written) await storage.delete(k).catch(() => undefined);
  };
  try {
    for (const it of items) {
      await storage.put(it.key, it.body, it.contentType);
      written.push(it.key);
    }
  } catch (e) {
    await undo();
    throw e;
  }
  return undo;
}

/** The first `n` bytes of an object (fewer when it is shorter). */
export async function readHead(storage: Storage, key: string, n: number, what?: string): Promise<Buffer> {
  const { stream } = await storage.get(key, { firstBytes: n, ...(what ? { what } : {}) });
  const chunks: Buffer[] = [];
  let got = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    chunks.push(c);
    got += c.length;
    if (got >= n) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, n);
}

/** The whole object as bytes (attachments embedded in a PDF, small files). */
export async function readAll(storage: Storage, key: string, what?: string): Promise<Buffer> {
  const { stream } = await storage.get(key, what ? { what } : {});
  return Buffer.concat(await stream.toArray());
}

/** Removes objects after a commit: a failure leaves an unreachable object, never a broken row, so it is only logged. */
export async function deleteQuietly(storage: Storage, keys: readonly string[]): Promise<void> {
  for (const k of keys) await storage.delete(k).catch(() => undefined);
}
