/**
 * `urbia backup` and `urbia restore` (issue 12): the database and the data directory's files (uploads,
 * report photos, attachments, the mail outbox) in one plain tar with a manifest.json that records the
 * engine, versions, migration level, creation time and the sha256 of every entry.
 *
 * - PostgreSQL server: `pg_dump -Fc` (the custom format, restored by `pg_restore`).
 * - PGlite: its own `dumpDataDir()` tarball of the stopped cluster, loaded back with `loadDataDir`; the
 *   data directory's lock is held meanwhile, so a running server makes the command refuse instead of
 *   copying a cluster that is being written.
 *
 * With S3 storage (URBIA_STORAGE=s3) the uploads are objects in the bucket, not files in the data directory:
 * every object is read through the storage interface into `objects/<key>` of the archive, and a restore puts
 * them back through it (into the bucket, or into the data directory when the target uses local storage).
 * Restoring a local-storage archive into an S3 target puts its uploads (`uploads/`, `monitoring/attachments/`)
 * into the bucket: backup then restore is the way to move an installation's uploads to S3.
 *
 * A restore extracts into a staging directory first and checks every checksum and the entry list against
 * the manifest before touching anything; it refuses a non-empty target unless forced.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import * as tar from 'tar';
import { z } from 'zod';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle, type Engine } from './db.js';
import { DataDirLock } from './lock.js';
import { migrationStatus } from './migrate.js';
import { checkKey, createStorage, type Storage, typeOfKey } from './storage.js';
import { VERSION } from './version.js';

/** A backup or restore that must not go on; the CLI prints the message and exits with status 2. */
export class BackupRefusedError extends Error {
  readonly exitCode = 2;
}

const MANIFEST = 'manifest.json';
const PG_DUMP_FILE = 'database.pgdump';
const PGLITE_DUMP_FILE = 'database.pglite.tar';
const FILES = 'files';
/** the S3 backend's objects, by key */
const OBJECTS = 'objects';
/** data-directory folders that hold uploads (the storage interface's keys): moved into the bucket when restoring into S3 */
const isUploadPath = (p: string) => p.startsWith('uploads/') || p.startsWith('monitoring/attachments/');

/** The bucket's keys that the platform made (anything else in a shared bucket is not ours to copy). */
async function ourObjects(storage: Storage): Promise<string[]> {
  return (await storage.list('')).filter((k) => {
    try {
      checkKey(k);
      return true;
    } catch {
      return false;
    }
  });
}
/** Not copied from the data directory: the cluster itself (dumped instead), the lock, our staging dirs. */
const SKIP = (name: string) => name === 'pgdata' || name.startsWith('urbia.lock') || name.startsWith('.urbia-');

const Manifest = z.object({
  format: z.literal('urbia-backup'),
  formatVersion: z.literal(1),
  engine: z.enum(['pglite', 'postgres']),
  /** where the uploads were (absent in archives made before issue 19: local) */
  storage: z.enum(['local', 's3']).optional(),
  urbiaVersion: z.string(),
  postgresVersion: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  migrations: z.object({ applied: z.number().int(), latest: z.string().nullable() }),
  createdAt: z.string(),
  entries: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof Manifest>;

export interface BackupIo {
  config: Config;
  /** one line of progress for the person at the terminal */
  log: (line: string) => void;
}

const sha256File = (path: string) =>
  new Promise<string>((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('end', () => ok(h.digest('hex'))).on('error', fail);
  });

/** Every regular file under `dir`, as paths relative to it with forward slashes, sorted. */
function walk(dir: string, skip: (name: string) => boolean = () => false, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (dir === base && skip(e.name)) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, skip, base));
    else if (e.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Runs a PostgreSQL client tool; its stderr becomes the error message. */
function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => fail(new BackupRefusedError(`cannot run ${cmd}: ${e.message} (install the PostgreSQL client tools)`)));
    child.on('close', (code) => (code === 0 ? ok(stdout) : fail(new Error(`${cmd} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** The major version of a client tool, e.g. 15 from "pg_dump (PostgreSQL) 15.18 (Debian …)". */
async function toolVersion(cmd: string): Promise<{ version: string; major: number }> {
  const text = await run(cmd, ['--version']);
  const version = /\)\s+(\d+(?:\.\d+)*)/.exec(text)?.[1] ?? text.trim();
  return { version, major: Number(version.split('.')[0]) };
}

async function serverVersion(database: DatabaseHandle): Promise<{ version: string; major: number }> {
  const r = await sql<{ v: string; n: string }>`select current_setting('server_version') as v, current_setting('server_version_num') as n`.execute(database.db);
  return { version: r.rows[0]!.v, major: Math.floor(Number(r.rows[0]!.n) / 10000) };
}

const engineOf = (config: Config): Engine => (config.databaseUrl ? 'postgres' : 'pglite');

/**
 * Writes one archive with the database and the data directory's files. On PGlite the server must be
 * stopped (the data directory's lock is taken); on PostgreSQL it may run (pg_dump sees one snapshot).
 */
export async function createBackup(io: BackupIo, archive: string): Promise<BackupManifest> {
  const { config, log } = io;
  const target = resolve(archive);
  if (existsSync(target)) throw new BackupRefusedError(`${target} already exists; choose another file name.`);
  mkdirSync(dirname(target), { recursive: true });
  const engine = engineOf(config);
  const staging = mkdtempSync(join(dirname(target), '.urbia-backup-'));
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    let dbFile: string;
    let tool: { name: string; version: string };
    let server: { version: string; major: number };
    let migrations: { applied: number; latest: string | null };
    try {
      server = await serverVersion(database);
      const status = await migrationStatus(database.db);
      migrations = { applied: status.applied, latest: status.latest };
      log(`[1/3] database (${engine}, PostgreSQL ${server.version}, ${status.applied} migrations, latest ${status.latest ?? 'none'})…`);
      if (engine === 'postgres') {
        const dump = await toolVersion('pg_dump');
        // pg_dump refuses a newer server; an older server is fine, but say what was used.
        if (dump.major < server.major) throw new BackupRefusedError(`pg_dump ${dump.version} is older than the server (PostgreSQL ${server.version}); install the PostgreSQL ${server.major} client tools.`);
        dbFile = PG_DUMP_FILE;
        await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(staging, dbFile)}`, `--dbname=${config.databaseUrl!}`]);
        tool = { name: 'pg_dump', version: dump.version };
      } else {
        dbFile = PGLITE_DUMP_FILE;
        const blob = await database.pglite!.dumpDataDir('none');
        writeFileSync(join(staging, dbFile), Buffer.from(await blob.arrayBuffer()));
        tool = { name: '@electric-sql/pglite dumpDataDir', version: pgliteVersion() };
      }
    } finally {
      await database.close();
    }
    log(`      ${dbFile}: ${mb(statSync(join(staging, dbFile)).size)}`);

    const files = walk(config.dataDir, SKIP).filter((f) => resolve(config.dataDir, f) !== target);
    log(`[2/3] files: ${files.length} in ${config.dataDir}…`);
    const entries: BackupManifest['entries'] = [{ path: dbFile, bytes: statSync(join(staging, dbFile)).size, sha256: await sha256File(join(staging, dbFile)) }];
    let bytes = 0;
    for (const [i, f] of files.entries()) {
      const full = join(config.dataDir, f);
      const size = statSync(full).size;
      bytes += size;
      entries.push({ path: `${FILES}/${f}`, bytes: size, sha256: await sha256File(full) });
      if ((i + 1) % 200 === 0) log(`      ${i + 1}/${files.length} files hashed (${mb(bytes)})`);
    }
    const storage = createStorage(config);
    const objects = storage.backend === 's3' ? await ourObjects(storage) : [];
    if (storage.backend === 's3') log(`      objects: ${objects.length} in the S3 bucket…`);
    for (const key of objects) {
      const dest = join(staging, OBJECTS, ...key.split('/'));
      mkdirSync(dirname(dest), { recursive: true });
      await pipeline((await storage.get(key)).stream, createWriteStream(dest));
      const size = statSync(dest).size;
      bytes += size;
      entries.push({ path: `${OBJECTS}/${key}`, bytes: size, sha256: await sha256File(dest) });
    }
    const manifest: BackupManifest = {
      format: 'urbia-backup',
      formatVersion: 1,
      engine,
      storage: storage.backend,
      urbiaVersion: VERSION,
      postgresVersion: server.version,
      tool,
      migrations,
      createdAt: new Date().toISOString(),
      entries,
    };
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');

    log(`[3/3] writing ${target}…`);
    const partial = `${target}.partial`;
    await tar.create({ file: partial, cwd: staging, portable: true }, [MANIFEST, dbFile, ...(objects.length ? [OBJECTS] : [])]);
    if (files.length) await tar.replace({ file: partial, cwd: config.dataDir, prefix: FILES, portable: true }, files);
    await cp(partial, target);
    rmSync(partial, { force: true });
    log(`done: ${target} (${mb(statSync(target).size)}, ${entries.length} entries, ${mb(bytes)} of files)`);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    return (require('@electric-sql/pglite/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Extracts and checks an archive; throws BackupRefusedError unless every entry matches the manifest. */
export async function verifyArchive(archive: string, staging: string): Promise<BackupManifest> {
  if (!existsSync(archive)) throw new BackupRefusedError(`${archive}: no such file.`);
  try {
    await tar.extract({ file: archive, cwd: staging, strict: true, preservePaths: false });
  } catch (e) {
    throw new BackupRefusedError(`${archive} is not a readable backup archive: ${(e as Error).message}`);
  }
  let manifest: BackupManifest;
  try {
    manifest = Manifest.parse(JSON.parse(readFileSync(join(staging, MANIFEST), 'utf8')));
  } catch (e) {
    throw new BackupRefusedError(`${archive} has no valid ${MANIFEST}: ${(e as Error).message.split('\n')[0]}`);
  }
  const present = new Set(walk(staging).filter((p) => p !== MANIFEST));
  const problems: string[] = [];
  for (const e of manifest.entries) {
    if (!present.delete(e.path)) {
      problems.push(`${e.path}: missing`);
      continue;
    }
    const full = join(staging, e.path);
    const [size, sum] = [statSync(full).size, await sha256File(full)];
    if (size !== e.bytes || sum !== e.sha256) problems.push(`${e.path}: checksum mismatch`);
  }
  for (const extra of present) problems.push(`${extra}: not in the manifest`);
  if (problems.length) throw new BackupRefusedError(`${archive} failed its checksums; nothing was restored.\n  ${problems.slice(0, 20).join('\n  ')}`);
  return manifest;
}

/** Tables in the target database outside the system schemas (a fresh database has none). */
async function userTables(url: string): Promise<number> {
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 1 });
  try {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`.execute(database.db);
    return r.rows[0]!.n;
  } finally {
    await database.close();
  }
}

/**
 * Restores an archive into the configured database and data directory. Checks everything first: the
 * checksums, the engine, and that the target is empty (or `force`); only then changes anything.
 */
export async function restoreBackup(io: BackupIo, archive: string, opts: { force?: boolean } = {}): Promise<BackupManifest> {
  const { config, log } = io;
  const source = resolve(archive);
  const engine = engineOf(config);
  mkdirSync(config.dataDir, { recursive: true });
  // The lock keeps a running server (PGlite) or a second restore out of the data directory meanwhile.
  const lock = engine === 'pglite' ? DataDirLock.acquire(config.dataDir) : undefined;
  const staging = mkdtempSync(join(config.dataDir, '.urbia-restore-'));
  try {
    log(`[1/4] checking ${source}…`);
    const manifest = await verifyArchive(source, staging);
    log(`      ${manifest.entries.length} entries match their sha256 (${manifest.engine}, Urbia ${manifest.urbiaVersion}, ${manifest.migrations.applied} migrations, made ${manifest.createdAt})`);
    if (manifest.engine !== engine)
      throw new BackupRefusedError(`this archive holds a ${manifest.engine} database but the target is ${engine}; restore it into the same engine (set or unset DATABASE_URL).`);

    const existingFiles = walk(config.dataDir, SKIP);
    const pgdata = join(config.dataDir, 'pgdata');
    const dbNotEmpty = engine === 'pglite' ? existsSync(pgdata) && readdirSync(pgdata).length > 0 : (await userTables(config.databaseUrl!)) > 0;
    const storage = createStorage(config);
    const existingObjects = storage.backend === 's3' ? await ourObjects(storage) : [];
    if ((dbNotEmpty || existingFiles.length || existingObjects.length) && !opts.force)
      throw new BackupRefusedError(
        `the target is not empty (${[dbNotEmpty ? 'the database has tables' : '', existingFiles.length ? `${existingFiles.length} files in ${config.dataDir}` : '', existingObjects.length ? `${existingObjects.length} objects in the S3 bucket` : ''].filter(Boolean).join(', ')}); nothing was changed. Use --force to replace it.`,
      );

    log(`[2/4] database…`);
    if (engine === 'postgres') {
      const restore = await toolVersion('pg_restore');
      if (dbNotEmpty) {
        const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: 'memory://', poolSize: 1 });
        try {
          await sql`drop schema public cascade`.execute(database.db);
          await sql`create schema public`.execute(database.db);
        } finally {
          await database.close();
        }
      }
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${config.databaseUrl!}`, join(staging, PG_DUMP_FILE)]);
      log(`      restored with pg_restore ${restore.version}`);
    } else {
      rmSync(pgdata, { recursive: true, force: true });
      const blob = new Blob([await readFile(join(staging, PGLITE_DUMP_FILE))]);
      const pglite = new PGlite(pgdata, { loadDataDir: blob });
      await pglite.waitReady;
      await pglite.close();
      log(`      PGlite data directory loaded into ${pgdata}`);
    }

    log(`[3/4] files…`);
    for (const f of existingFiles) rmSync(join(config.dataDir, f), { force: true });
    if (existsSync(join(staging, FILES))) await cp(join(staging, FILES), config.dataDir, { recursive: true });
    log(`      ${manifest.entries.filter((e) => e.path.startsWith(`${FILES}/`)).length} files in ${config.dataDir}`);
    // uploads: the archive's objects, and (into an S3 target) the upload folders of a local-storage archive
    for (const k of existingObjects) await storage.delete(k);
    const uploads = manifest.entries.flatMap((e) =>
      e.path.startsWith(`${OBJECTS}/`)
        ? [{ key: e.path.slice(OBJECTS.length + 1), from: join(staging, e.path) }]
        : storage.backend === 's3' && e.path.startsWith(`${FILES}/`) && isUploadPath(e.path.slice(FILES.length + 1))
          ? [{ key: e.path.slice(FILES.length + 1), from: join(config.dataDir, e.path.slice(FILES.length + 1)) }]
          : [],
    );
    for (const u of uploads) {
      checkKey(u.key);
      if (storage.backend === 'local') await storage.delete(u.key); // restored over with --force
      await storage.putFile(u.key, u.from, typeOfKey(u.key));
    }
    if (uploads.length) log(`      ${uploads.length} uploads through the ${storage.backend} storage`);
    log(`[4/4] done.`);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    lock?.release();
  }
}
