/**
 * Migrations: `migrations/YYYYMMDDHHMMSS_<verb>_<object>.ts`, run by Kysely's Migrator on start and by
 * `urbia migrate`. The same files run on PGlite and on a PostgreSQL server, so they use only what
 * PostgreSQL 15 supports.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator, type RawBuilder, sql } from 'kysely';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(join(MIGRATIONS_DIR, f)).href)) as Migration;
    return out;
  }
}

export function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(), migrationTableName: 'core_migrations', migrationLockTableName: 'core_migrations_lock' });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<{ applied: string[] }> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

export async function migrationStatus(db: Db): Promise<{ applied: number; pending: number; latest: string | null }> {
  const all = await migrator(db).getMigrations();
  const applied = all.filter((m) => m.executedAt);
  return { applied: applied.length, pending: all.length - applied.length, latest: applied.at(-1)?.name ?? null };
}

/**
 * Runs statements one by one: PGlite's extended protocol refuses several commands in one query string.
 */
export async function runStatements(db: Kysely<unknown>, statements: RawBuilder<unknown>[]): Promise<void> {
  for (const s of statements) await s.execute(db);
}

/**
 * Loads stored functions from `.sql` files that live next to the repository calling them (so the logic is read
 * where it is used). Each file holds ONE `create or replace` statement. A migration calls this; changing a file
 * later needs a new migration that loads it again (a test compares the database's functions with the files).
 */
export async function loadSqlFiles(db: Kysely<unknown>, files: string[]): Promise<void> {
  for (const file of files) await sql.raw(readFileSync(join(MIGRATIONS_DIR, '..', file), 'utf8')).execute(db);
}
