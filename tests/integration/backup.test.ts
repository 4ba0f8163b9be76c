/**
 * `urbia backup` → `urbia restore` round trip on both engines (issue 12): real data written through the
 * API (cities, people, a report with a photo, a support) plus a file in uploads/, backed up, restored into
 * a fresh database and data directory, and compared table by table (row count and md5 of the ordered rows)
 * and file by file (sha256). A tampered archive and a non-empty target are refused with nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { BackupRefusedError, createBackup, restoreBackup } from '../../src/core/backup.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { type Db, openDatabase } from '../../src/core/db.js';
import { migrateToLatest } from '../../src/core/migrate.js';
import { seedCategories } from '../../src/modules/reports/reports.demo.js';
import { jpegWithGps, multipart } from '../../src/modules/reports/reports.test-helpers.js';
import { seedTenants } from '../../src/modules/tenants/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testEngines } from '../helpers/env.js';

const BIN = resolve(import.meta.dirname, '../../bin/urbia.js');
const NOTE = 'ORIGINAL upload kept byte for byte: ăîșț ő\n';

/** Every public table: row count and md5 of its rows in a fixed order. */
async function digest(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ n: number; h: string | null }>`select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) as h from ${sql.table(t)} x`.execute(db);
    out[t] = { rows: r.rows[0]!.n, md5: r.rows[0]!.h ?? '' };
  }
  return out;
}

function fileDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (d === dir && (e.name === 'pgdata' || e.name.startsWith('urbia.lock'))) continue;
      if (e.isDirectory()) walk(full);
      else out[relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe.each(testEngines())('backup and restore on %s', (engine) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close();
  });
  const root = mkdtempSync(join(tmpdir(), 'urbia-backup-test-'));
  const configFor = async (name: string): Promise<Config> => {
    const env: Record<string, string> = { URBIA_DATA_DIR: join(root, name), LOG_LEVEL: 'silent', PUBLIC_URL: 'http://urbia.test' };
    if (engine === 'postgres') {
      const d = await createTestDatabase('postgres', { migrate: false });
      dbs.push(d);
      env.DATABASE_URL = d.url!;
    }
    return loadConfig(env);
  };
  const open = (c: Config) => openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir, poolSize: 2 });
  const quiet = { log: () => undefined };

  it('round trip: every table and every file identical; tampered archives and non-empty targets refused', async () => {
    // 1. a source with real data written through the API
    const source = await configFor('source');
    const database = await open(source);
    await migrateToLatest(database.db);
    const built = await buildApp(source, database, { serveWeb: false, logger: false });
    await built.app.ready();
    await seedTenants(built.services.tenants);
    const reports = built.modules.reports!;
    for (const tenant of await built.services.tenants.list()) await seedCategories(reports.db, reports.repo, tenant);
    await built.services.users.register({ email: 'ana@example.org', password: 'a long enough password', displayName: 'Ana', locale: 'ro' });
    const form = multipart({ category: 'noise', lat: '45.7537', lon: '21.2257', title: 'Zgomot în Piața Unirii', email: 'ion@example.org' }, [{ name: 'photos', filename: 'p.jpg', type: 'image/jpeg', data: await jpegWithGps() }]);
    const created = await built.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', payload: form.payload, headers: form.headers });
    expect(created.statusCode).toBe(201);
    await built.worker.drain();
    mkdirSync(join(source.dataDir, 'uploads', 'notes'), { recursive: true });
    writeFileSync(join(source.dataDir, 'uploads', 'notes', 'readme.txt'), NOTE);
    await built.app.close();
    await built.worker.stop();
    built.mailer.close();
    await database.close();
    const files = fileDigest(source.dataDir);
    expect(Object.keys(files).filter((f) => f.startsWith(join('uploads', 'reports')))).toHaveLength(1);
    expect(Object.keys(files)).toContain(join('uploads', 'notes', 'readme.txt'));

    // 2. backup
    const archive = join(root, 'backup.tar');
    const lines: string[] = [];
    const manifest = await createBackup({ config: source, log: (l) => lines.push(l) }, archive);
    expect(manifest).toMatchObject({ format: 'urbia-backup', engine, migrations: { latest: expect.stringMatching(/^\d{14}_/) } });
    expect(manifest.entries.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
    expect(lines.some((l) => l.startsWith('[3/3]'))).toBe(true);

    // 3. restore into a fresh database and data directory
    const target = await configFor('target');
    await restoreBackup({ config: target, ...quiet }, archive);
    const [a, b] = [await open(source), await open(target)];
    try {
      const [da, db] = [await digest(a.db), await digest(b.db)];
      expect(Object.keys(da).length).toBeGreaterThan(20);
      expect(da.reports_reports!.rows).toBe(1);
      expect(da.reports_photos!.rows).toBe(1);
      expect(da.users!.rows).toBe(1);
      expect(db).toEqual(da);
    } finally {
      await a.close();
      await b.close();
    }
    expect(fileDigest(target.dataDir)).toEqual(files);

    // 4. a non-empty target is refused without --force, and replaced with it
    await expect(restoreBackup({ config: target, ...quiet }, archive)).rejects.toThrow(/not empty.*--force/s);
    await restoreBackup({ config: target, ...quiet }, archive, { force: true });
    expect(fileDigest(target.dataDir)).toEqual(files);

    // 5. one changed byte in an upload: refused, nothing restored
    const raw = readFileSync(archive);
    const at = raw.indexOf(Buffer.from('ORIGINAL'));
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(raw);
    tampered.write('TAMPERED', at);
    const bad = join(root, 'tampered.tar');
    writeFileSync(bad, tampered);
    const fresh = await configFor('fresh');
    const refused = await restoreBackup({ config: fresh, ...quiet }, bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupRefusedError);
    expect((refused as Error).message).toMatch(/files\/uploads\/notes\/readme\.txt: checksum mismatch/);
    expect(fileDigest(fresh.dataDir)).toEqual({});
    const f = await open(fresh);
    try {
      expect(await digest(f.db)).toEqual({});
    } finally {
      await f.close();
    }

    // the command line says so and exits with status 2
    if (engine === 'pglite') {
      const env: Record<string, string | undefined> = { ...process.env, URBIA_DATA_DIR: join(root, 'cli') };
      delete env.DATABASE_URL;
      const cli = spawnSync(process.execPath, [BIN, 'restore', bad], { env, encoding: 'utf8', timeout: 120_000 });
      expect(cli.status).toBe(2);
      expect(cli.stderr).toMatch(/failed its checksums; nothing was restored/);
    }
  }, 600_000);
});
