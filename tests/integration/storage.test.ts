/**
 * The storage interface (issue 19) on both backends: a local directory, and a real S3-compatible server
 * (s3rver, spawned on loopback and spoken to by @aws-sdk/client-s3 with SigV4, path-style). Then the
 * cross-node check: a report photo uploaded through one app instance downloads through a second instance
 * (its own data directory, its own connection pool) on the same database and bucket.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { buildUser, createTestApp, problem, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';
import { multipart } from '../helpers/multipart.js';
import { type RunningServer, startS3Server } from '../helpers/servers.js';
import { seedCategories } from '../../src/modules/reports/reports.demo.js';
import { seedTenants } from '../../src/modules/tenants/index.js';
import { createBackup, restoreBackup } from '../../src/core/backup.js';
import { migrateToLatest } from '../../src/core/migrate.js';
import { png } from '../../src/modules/reports/reports.test-helpers.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { AppError } from '../../src/core/errors.js';
import { createStorage, LocalStorage, readHead, type Storage } from '../../src/core/storage.js';

let s3: RunningServer & { env: Record<string, string> };
const localDir = mkdtempSync(join(tmpdir(), 'urbia-storage-'));
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  rmSync(localDir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('local by default; S3 needs a bucket and both keys or neither, each problem naming its variable', () => {
    expect(loadConfig({}).storage).toEqual({ backend: 'local' });
    expect(() => loadConfig({ URBIA_STORAGE: 's3' })).toThrow(/S3_BUCKET: required/);
    expect(() => loadConfig({ URBIA_STORAGE: 's3', S3_BUCKET: 'urbia', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ URBIA_STORAGE: 's3', S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ URBIA_STORAGE: 'ftp' })).toThrow(/URBIA_STORAGE/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(loadConfig({ URBIA_STORAGE: 's3', S3_BUCKET: 'urbia', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' }).storage).toMatchObject({
      backend: 's3',
      s3: { bucket: 'urbia', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true },
    });
  });
});

describe.each(['local', 's3'] as const)('the %s backend', (backend) => {
  let storage: Storage;
  beforeAll(() => {
    storage = backend === 'local' ? new LocalStorage(localDir) : createStorage(loadConfig({ URBIA_DATA_DIR: localDir, ...s3.env }));
  });

  it('put, get, exists, list, delete; a missing object is a 404 AppError before any byte', async () => {
    const bytes = Buffer.from('%PDF-1.7 a small document %%EOF');
    await storage.put('uploads/test/a.pdf', bytes, 'application/pdf');
    await storage.put('uploads/test/b.jpg', Readable.from([Buffer.from('first '), Buffer.from('second')]), 'image/jpeg');
    expect(await storage.exists('uploads/test/a.pdf')).toBe(true);
    const got = await storage.get('uploads/test/a.pdf');
    expect(got.size).toBe(bytes.length);
    expect(got.contentType).toBe('application/pdf');
    expect(Buffer.concat(await got.stream.toArray())).toEqual(bytes);
    expect((await readHead(storage, 'uploads/test/b.jpg', 5)).toString()).toBe('first');
    expect(await storage.list('uploads/test/')).toEqual(['uploads/test/a.pdf', 'uploads/test/b.jpg']);

    await storage.delete('uploads/test/a.pdf');
    await storage.delete('uploads/test/a.pdf'); // twice: not an error
    expect(await storage.exists('uploads/test/a.pdf')).toBe(false);
    const missing = await storage.get('uploads/test/a.pdf', { what: 'photo' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ status: 404, message: 'The photo was not found.' });
    await expect(storage.get('../etc/passwd')).rejects.toThrow(/invalid storage key/);
  });

  it('putFile moves a spooled file into place', async () => {
    const spool = join(localDir, `.spool-${backend}`);
    writeFileSync(spool, 'a,b\n1,2\n');
    await storage.putFile('uploads/opendata/test/x', spool, 'text/csv');
    expect(existsSync(spool)).toBe(false);
    expect(Buffer.concat(await (await storage.get('uploads/opendata/test/x')).stream.toArray()).toString()).toBe('a,b\n1,2\n');
  });
});

describe.each(testEngines())('uploads shared by two app nodes on %s with S3 storage', (engine) => {
  let t: TestApp;
  let other: BuiltApp;
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, s3.env);
    cleanup.push(() => t.close());
    for (const tenant of await t.services.tenants.list()) await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, tenant);
    // The second node: its own data directory (nothing shared on disk) and, on PostgreSQL, its own pool.
    const otherDir = mkdtempSync(join(tmpdir(), 'urbia-node2-'));
    const database = engine === 'postgres' ? await openDatabase({ databaseUrl: t.database.url, dataDir: 'memory://', poolSize: 2 }) : t.database;
    other = await buildApp({ ...t.config, dataDir: otherDir }, database, { serveWeb: false, logger: false });
    cleanup.push(async () => {
      await other.app.close();
      await other.worker.stop();
      other.mailer.close();
      if (database !== t.database) await database.close();
      rmSync(otherDir, { recursive: true, force: true });
    });
  }, 240_000);
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('a photo uploaded through one node downloads through the other; a lost object is a clean 404', async () => {
    const citizen = await buildUser(t, { timisoara: ['citizen'] });
    const body = multipart({ category: 'graffiti', lat: '45.7537', lon: '21.2257', title: 'Graffiti pe zid' }, [{ name: 'photos', filename: 'p.png', type: 'image/png', data: await png() }]);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', payload: body.payload, headers: { ...body.headers, ...citizen.headers } });
    expect(created.statusCode, created.body).toBe(201);
    const detail = await other.app.inject({ url: `/api/v1/tenants/timisoara/reports/${created.json().id}` });
    const photoUrl = detail.json().photos[0].url as string;

    const [first, second] = await Promise.all([t.app.inject({ url: photoUrl }), other.app.inject({ url: photoUrl })]);
    expect(second.statusCode).toBe(200);
    expect(second.headers['content-type']).toBe('image/jpeg');
    expect(second.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(second.rawPayload).toEqual(first.rawPayload);
    // nothing on either node's disk: the object is in the bucket
    const keys = await t.storage.list('uploads/reports/');
    expect(keys).toHaveLength(1);
    expect(await new LocalStorage(t.config.dataDir).list('uploads/')).toEqual([]);

    await other.storage.delete(keys[0]!);
    const lost = await t.app.inject({ url: photoUrl });
    expect(lost.statusCode).toBe(404);
    expect(lost.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problem(lost).detail).toMatch(/photo/);
  });
});

describe('backup and restore with S3 storage (PGlite)', () => {
  it('the bucket objects go into the archive and come back through the storage interface, into S3 or a local directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbia-s3-backup-'));
    try {
      const source = loadConfig({ URBIA_DATA_DIR: join(root, 'source'), LOG_LEVEL: 'silent', ...s3.env });
      const database = await openDatabase({ databaseUrl: undefined, dataDir: source.dataDir, poolSize: 1 });
      await migrateToLatest(database.db);
      const built = await buildApp(source, database, { serveWeb: false, logger: false });
      await seedTenants(built.services.tenants);
      for (const tenant of await built.services.tenants.list()) await seedCategories(built.modules.reports!.db, built.modules.reports!.repo, tenant);
      const form = multipart({ category: 'noise', lat: '45.7537', lon: '21.2257', title: 'Zgomot', email: 'ion@example.org' }, [{ name: 'photos', filename: 'p.png', type: 'image/png', data: await png() }]);
      expect((await built.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', payload: form.payload, headers: form.headers })).statusCode).toBe(201);
      const keys = (await built.storage.list('uploads/reports/')).filter((k) => !k.includes('/test/'));
      const photo = Buffer.concat(await (await built.storage.get(keys.at(-1)!)).stream.toArray());
      await built.app.close();
      await built.worker.stop();
      built.mailer.close();
      await database.close();

      const archive = join(root, 'backup.tar');
      const manifest = await createBackup({ config: source, log: () => undefined }, archive);
      expect(manifest.storage).toBe('s3');
      expect(manifest.entries.map((e) => e.path)).toContain(`objects/${keys.at(-1)}`);

      // into a local-storage installation: the object becomes the file at the key's path
      const local = loadConfig({ URBIA_DATA_DIR: join(root, 'local'), LOG_LEVEL: 'silent' });
      await restoreBackup({ config: local, log: () => undefined }, archive);
      expect(readFileSync(join(local.dataDir, ...keys.at(-1)!.split('/')))).toEqual(photo);

      // into the S3 bucket again: refused while it holds objects, replaced with --force
      const again = loadConfig({ URBIA_DATA_DIR: join(root, 'again'), LOG_LEVEL: 'silent', ...s3.env });
      await expect(restoreBackup({ config: again, log: () => undefined }, archive)).rejects.toThrow(/objects in the S3 bucket.*--force/s);
      await restoreBackup({ config: again, log: () => undefined }, archive, { force: true });
      const back = createStorage(again);
      expect(Buffer.concat(await (await back.get(keys.at(-1)!)).stream.toArray())).toEqual(photo);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
