/**
 * The hand-written table types (`src/**\/*.tables.ts`, merged into Kysely's `Database`) checked against the
 * schema the migrations really build, on both engines. The TypeScript compiler reads the merged interface;
 * information_schema gives the migrated columns. A table, a column, a nullability or a base type that
 * drifts fails here, so the types the code compiles against are the database's.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testEngines } from '../helpers/env.js';
import { sql } from 'kysely';

type Base = 'number' | 'string' | 'boolean' | 'date' | 'json' | 'bytes';
interface TsColumn { bases: Set<Base>; nullable: boolean; generated: boolean }
interface DbColumn { dataType: string; nullable: boolean; hasDefault: boolean }

const ROOT = resolve(import.meta.dirname, '../..');

function tablesFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tablesFiles(p);
    return name.endsWith('.tables.ts') ? [p] : [];
  });
}

/** table → column → what TypeScript says of it, read from the merged `Database` interface */
function readTypeScriptTables(): Map<string, Map<string, TsColumn>> {
  const dbFile = join(ROOT, 'src/core/db.ts');
  const program = ts.createProgram([dbFile, ...tablesFiles(join(ROOT, 'src'))], {
    target: ts.ScriptTarget.ES2023, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dbFile)!;
  // the exported symbol is the one module augmentation (`declare module '…/core/db.js'`) merges into
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'Database')!;
  const database = checker.getDeclaredTypeOfSymbol(symbol);

  const classify = (type: ts.Type, out: Set<Base>): boolean => {
    let nullable = false;
    for (const t of type.isUnion() ? type.types : [type]) {
      const f = t.flags;
      if (f & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) nullable = true;
      else if (f & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) out.add('number');
      else if (f & ts.TypeFlags.StringLike) out.add('string');
      else if (f & ts.TypeFlags.BooleanLike) out.add('boolean');
      else if (t.getSymbol()?.name === 'Date') out.add('date');
      else if (['Buffer', 'Uint8Array'].includes(t.getSymbol()?.name ?? '')) out.add('bytes');
      else out.add('json');
    }
    return nullable;
  };

  const tables = new Map<string, Map<string, TsColumn>>();
  for (const table of checker.getPropertiesOfType(database)) {
    const columns = new Map<string, TsColumn>();
    const tableType = checker.getTypeOfSymbolAtLocation(table, source);
    for (const column of checker.getPropertiesOfType(tableType)) {
      const type = checker.getTypeOfSymbolAtLocation(column, source);
      // Kysely's ColumnType<S, I, U> (and Generated<T>, Json<T>) carry the select and insert types in
      // __select__ / __insert__; like Kysely, distribute over a union (`Timestamp | null`)
      const bases = new Set<Base>();
      let nullable = false;
      let generated = false;
      for (const member of type.isUnion() ? type.types : [type]) {
        const select = member.getProperty('__select__');
        const insert = member.getProperty('__insert__');
        if (classify(select ? checker.getTypeOfSymbolAtLocation(select, source) : member, bases)) nullable = true;
        if (insert) {
          const insertType = checker.getTypeOfSymbolAtLocation(insert, source);
          if ((insertType.isUnion() ? insertType.types : [insertType]).some((t) => t.flags & ts.TypeFlags.Undefined)) generated = true;
        }
      }
      columns.set(column.name, { bases, nullable, generated });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** which TypeScript base types may stand for a PostgreSQL data type (given src/core/db.ts's type parsers) */
function allowedBases(dataType: string): Base[] {
  switch (dataType) {
    case 'smallint': case 'integer': case 'bigint': case 'numeric': case 'real': case 'double precision':
      return ['number'];
    case 'text': case 'character varying': case 'character': case 'uuid': case 'citext': case 'inet': case 'tsvector': case 'interval':
      return ['string'];
    case 'boolean':
      return ['boolean'];
    case 'timestamp with time zone': case 'timestamp without time zone':
      return ['date', 'string'];
    case 'date':
      return ['string', 'date'];
    case 'json': case 'jsonb':
      return ['json', 'string', 'number', 'boolean'];
    case 'ARRAY':
      return ['json'];
    case 'bytea':
      return ['bytes'];
    default:
      return ['string', 'json'];
  }
}

/**
 * Drift known and not yet fixed, so it cannot grow unnoticed: the reports module types its bigint ids as
 * strings (Open311 ids are strings on the wire) while the driver returns numbers. Each entry must still be
 * drift (the last test fails when one is fixed, so the list only shrinks).
 */
const KNOWN_DRIFT = [
  'reports_photos.report_id: bigint in the database, string in the type',
  'reports_reports.id: bigint in the database, string in the type',
  'reports_reports.duplicate_of: bigint in the database, string in the type',
  'reports_updates.id: bigint in the database, string in the type',
  'reports_updates.report_id: bigint in the database, string in the type',
];

const fromTs = readTypeScriptTables();

describe.each(testEngines())('the table types match the migrated schema (%s)', (engine) => {
  let db: TestDatabase;
  let fromDb: Map<string, Map<string, DbColumn>>;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    const rows = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string; is_generated: string }>`
      select c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity, c.is_generated
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.table_name not like 'core_migrations%'
        -- partitions of a partitioned table are the parent's business
        and not exists (select 1 from pg_inherits i join pg_class k on k.oid = i.inhrelid where k.relname = c.table_name)`.execute(db.db);
    fromDb = new Map();
    for (const r of rows.rows) {
      if (!fromDb.has(r.table_name)) fromDb.set(r.table_name, new Map());
      fromDb.get(r.table_name)!.set(r.column_name, {
        dataType: r.data_type,
        nullable: r.is_nullable === 'YES',
        hasDefault: r.column_default !== null || r.is_identity === 'YES' || r.is_generated === 'ALWAYS',
      });
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('has the same tables', () => {
    expect([...fromTs.keys()].sort()).toEqual([...fromDb.keys()].sort());
  });

  it('has the same columns, nullability, defaults and base types', () => {
    const drift: string[] = [];
    for (const [table, columns] of fromDb) {
      const typed = fromTs.get(table);
      if (!typed) continue;
      for (const name of typed.keys()) if (!columns.has(name)) drift.push(`${table}.${name}: typed but not in the database`);
      for (const [name, col] of columns) {
        const t = typed.get(name);
        if (!t) { drift.push(`${table}.${name}: in the database (${col.dataType}) but not typed`); continue; }
        if (t.nullable !== col.nullable) drift.push(`${table}.${name}: ${col.nullable ? 'nullable' : 'not null'} in the database, ${t.nullable ? 'nullable' : 'not null'} in the type`);
        // Generated<> on a column that has no default: an insert without it would fail at run time
        if (t.generated && !col.hasDefault && !col.nullable) drift.push(`${table}.${name}: Generated<> in the type but no default in the database`);
        const allowed = allowedBases(col.dataType);
        const wrong = [...t.bases].filter((b) => !allowed.includes(b));
        if (wrong.length) drift.push(`${table}.${name}: ${col.dataType} in the database, ${[...t.bases].join(' | ')} in the type`);
      }
    }
    expect(drift.filter((d) => !KNOWN_DRIFT.includes(d))).toEqual([]);
    expect(KNOWN_DRIFT.filter((d) => !drift.includes(d)), 'fixed: remove it from KNOWN_DRIFT').toEqual([]);
  });

  it('runs the stored functions that the .sql files beside their repositories define', async () => {
    const { SENSORS_SQL } = await import('../../migrations/20261203141000_load_sensors_stored_functions.js');
    const { REPORTS_SQL } = await import('../../migrations/20261203170500_create_reports_map_cells.js');
    const { SENSORS_PARTITION_SQL } = await import('../../migrations/20261204180000_partition_sensors_observations.js');
    for (const file of [...(SENSORS_SQL as string[]), ...(REPORTS_SQL as string[]), ...(SENSORS_PARTITION_SQL as string[])]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const name = /create or replace function (\w+)\(/.exec(text)![1]!;
      const body = text.split('$fn$')[1]!;
      const r = await sql<{ prosrc: string }>`select prosrc from pg_proc where proname = ${name}`.execute(db.db);
      expect(r.rows, `${name} in the database`).toHaveLength(1);
      expect(r.rows[0]!.prosrc.trim(), `${file}: changed without a migration that loads it again`).toBe(body.trim());
    }
  });

  it('reads the types it checks (the reader is not blind)', () => {
    // a known column of each kind, so a compiler-API change cannot make the comparison vacuous
    const audit = fromTs.get('core_audit_log')!;
    expect(audit.get('id')).toMatchObject({ generated: true, nullable: false });
    expect([...audit.get('id')!.bases]).toEqual(['number']);
    expect(audit.get('tenant_id')).toMatchObject({ nullable: true });
    expect(fromTs.size).toBeGreaterThan(40);
  });
});
