/**
 * The `urbia` command: serve, migrate, seed the demo, create admins, and (from the modules) import and
 * export data. Every command reads the same validated configuration as the server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from './app.js';
import { SYSTEM } from './core/actor.js';
import { BackupRefusedError, createBackup, restoreBackup } from './core/backup.js';
import { ConfigError, type Config, loadConfig } from './core/config.js';
import { AppError } from './core/errors.js';
import { openDatabase, type DatabaseHandle } from './core/db.js';
import { DataDirLockedError } from './core/lock.js';
import { migrateToLatest, migrationStatus } from './core/migrate.js';
import { ROOT_DIR, VERSION } from './core/version.js';
import { ensureWebBuilt } from './core/webbuild.js';
import { ensureDemoAdmin, seedDemo } from './demo.js';
import { closeOnSignals, startServer } from './server.js';
import { registerModuleCommands } from './modules/cli.js';
import type { CityInput } from './modules/tenants/index.js';

const out = (msg: string) => process.stdout.write(msg + '\n');
const err = (msg: string) => process.stderr.write(msg + '\n');

function config(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig(), ...overrides };
}

/** Opens the database for a one-off command, migrated, and closes it afterwards. */
export async function withDatabase<T>(cfg: Config, fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  // the direct connection: migrations take a session lock that PgBouncer's transaction mode would lose
  const database = await openDatabase({ databaseUrl: cfg.databaseDirectUrl, dataDir: cfg.dataDir, poolSize: 2, sharedBuffers: cfg.pgliteSharedBuffers });
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The app's services without listening, for commands that use them. */
export async function withServices<T>(cfg: Config, fn: (built: Awaited<ReturnType<typeof buildApp>>, database: DatabaseHandle) => Promise<T>): Promise<T> {
  return withDatabase(cfg, async (database) => {
    const built = await buildApp(cfg, database, { serveWeb: false, logger: false });
    try {
      const result = await fn(built, database);
      await built.worker.drain(); // deliver what the command queued (emails) before exiting
      return result;
    } finally {
      await built.app.close();
      built.mailer.close();
    }
  });
}

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0–65535');
  return n;
};

const program = new Command('urbia').description('Urbia — the smart city platform').version(VERSION);

program
  .command('serve')
  .description('start the platform (web app, API, workers)')
  .option('--demo', 'load the demo: both real cities and their data, and a demo admin')
  .option('--dev', 'development mode: readable logs')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', port)
  .action(async (opts: { demo?: boolean; dev?: boolean; port?: number }) => {
    const started = Date.now();
    const cfg = config(opts.port !== undefined ? { port: opts.port } : {});
    await ensureWebBuilt(out);
    // The embedded engine's first start loads the demo in a child process (`urbia seed`): PGlite's WASM
    // memory grows to the load's peak and never shrinks, so a server that loaded the demo itself would idle
    // at that peak until its next start (issue 18). The server then opens the loaded directory and only starts
    // what the demo runs in the serving process (the sensors' live feed); a later start checks every step again.
    const loadedInChild = opts.demo && !cfg.databaseUrl && !existsSync(join(cfg.dataDir, 'pgdata'));
    if (loadedInChild) await seedInChild();
    let admin: { email: string; password: string | undefined } | undefined;
    const server = await startServer(cfg, {
      logger: { level: cfg.logLevel },
      beforeListen: opts.demo
        ? async (built, database) => {
            if (!loadedInChild) out('Loading the demo…');
            const ctx = { built, database, config: cfg, log: out };
            await seedDemo(ctx, { loaded: loadedInChild });
            admin = await ensureDemoAdmin(ctx);
          }
        : undefined,
    });
    closeOnSignals(server, err);
    out('');
    out(`Urbia ${VERSION} is running at ${server.url}  (database: ${server.database.engine}${server.database.engine === 'pglite' ? `, data in ${cfg.dataDir}` : ''})`);
    if (admin) {
      out(`Demo admin: ${admin.email}${admin.password ? `  password: ${admin.password}` : ''}`);
      out(`Staff area: ${server.url}/admin`);
    }
    out(`API reference: ${server.url}/api/docs    Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Stop with Ctrl+C.`);
  });

/** `urbia seed` in a child process with this process's environment; its output goes to ours. */
async function seedInChild(): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT_DIR, 'bin', 'urbia.js'), 'seed'], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`loading the demo failed (urbia seed exited with ${code})`);
}

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    await withDatabase(config(), async (database) => {
      const s = await migrationStatus(database.db);
      out(`Database (${database.engine}) is at ${s.latest ?? '(empty)'}: ${s.applied} migrations applied, ${s.pending} pending.`);
    });
  });

program
  .command('seed')
  .description('load the demo data (both cities) without serving')
  .action(async () => {
    const cfg = config();
    await withServices(cfg, async (built, database) => {
      await seedDemo({ built, database, config: cfg, log: out });
    });
  });

const admin = program.command('admin').description('manage administrators');
admin
  .command('create')
  .description('create an admin of one or more cities (or reset an existing one) and print a generated password once')
  .option('--tenant <slug...>', 'city slug(s), e.g. timisoara baia-mare')
  .option('--platform', 'also a platform admin, who may create, edit and archive cities')
  .requiredOption('--email <email>', 'the admin\'s email')
  .option('--name <name>', 'display name', 'Administrator')
  .action(async (opts: { tenant?: string[]; platform?: boolean; email: string; name: string }) => {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) throw new InvalidArgumentError(`--email: "${opts.email}" is not an email address`);
    if (!opts.tenant?.length && !opts.platform) throw new InvalidArgumentError('--tenant: name at least one city (or give --platform for a platform admin)');
    await withServices(config(), async (built) => {
      const tenants = [];
      for (const slug of opts.tenant ?? []) tenants.push(await built.services.tenants.bySlug(slug).catch(() => { throw new InvalidArgumentError(`--tenant: no city "${slug}" (create it with \`urbia city create\`, or load the demo with \`urbia seed\`)`); }));
      const r = await built.services.users.createAdmin(tenants, opts.email, opts.name, { platform: !!opts.platform });
      const scope = [opts.platform ? 'the platform' : '', ...(opts.tenant ?? [])].filter(Boolean).join(', ');
      out(`${r.created ? 'Created' : 'Updated'} admin ${opts.email} of ${scope}.`);
      out(`Password (shown once): ${r.password}`);
    });
  });

/** Prints a refused city the way the API names it: one line per field. */
function cityFailure(e: unknown): never {
  if (e instanceof AppError && e.errors?.length) throw new InvalidArgumentError(e.errors.map((f) => `${f.field}: ${f.message}`).join('\n'));
  if (e instanceof AppError) throw new InvalidArgumentError(e.message);
  throw e;
}

function readBoundary(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`--boundary: cannot read ${file} as GeoJSON (${(e as Error).message})`);
  }
}

const locales = (v: string) => {
  const list = v.split(',').map((x) => x.trim());
  if (!list.length || list.some((x) => !['ro', 'en', 'hu'].includes(x))) throw new InvalidArgumentError('a comma list of ro, en, hu');
  return list as ('ro' | 'en' | 'hu')[];
};

interface CityOptions { slug: string; nameRo?: string; nameEn?: string; nameHu?: string; boundary?: string; parent?: string; locales?: ('ro' | 'en' | 'hu')[]; area?: boolean; siruta?: string; source?: string }

function cityInput(o: CityOptions) {
  const name = o.nameRo || o.nameEn || o.nameHu ? { ro: o.nameRo ?? '', ...(o.nameEn ? { en: o.nameEn } : {}), ...(o.nameHu ? { hu: o.nameHu } : {}) } : undefined;
  return {
    ...(name ? { name } : {}),
    ...(o.boundary ? { boundary: readBoundary(o.boundary) } : {}),
    ...(o.parent !== undefined ? { parent: o.parent === 'none' ? null : o.parent } : {}),
    ...(o.locales ? { locales: o.locales, defaultLocale: o.locales[0] } : {}),
    ...(o.area ? { kind: 'area' as const } : {}),
    ...(o.siruta ? { siruta: o.siruta } : {}),
    ...(o.source ? { boundarySource: o.source } : {}),
  };
}

const city = program.command('city').description('create, change and archive cities and metropolitan areas');
const withCityOptions = (c: Command) =>
  c
    .option('--name-ro <name>', 'the name in Romanian')
    .option('--name-en <name>', 'the name in English')
    .option('--name-hu <name>', 'the name in Hungarian')
    .option('--boundary <file>', 'the boundary: a GeoJSON Polygon/MultiPolygon in WGS84 (or a Feature holding one)')
    .option('--parent <area>', 'slug of the metropolitan area it belongs to (`none` to leave it)')
    .option('--locales <list>', 'languages, the first is the default (e.g. ro,hu)', locales)
    .option('--siruta <code>', 'the SIRUTA code of the administrative unit')
    .option('--source <credit>', 'where the boundary comes from (shown on maps)');
withCityOptions(city.command('create').description('create a city (or with --area a metropolitan area)').requiredOption('--slug <slug>', 'its address, e.g. cluj-napoca').option('--area', 'a metropolitan area that groups cities'))
  .action(async (o: CityOptions) => {
    if (!o.nameRo) throw new InvalidArgumentError('--name-ro: the Romanian name is required');
    if (!o.boundary) throw new InvalidArgumentError('--boundary: a GeoJSON file with the city\'s boundary is required');
    await withServices(config(), async (built) => {
      const row = await built.services.tenants.create(SYSTEM, { slug: o.slug, ...cityInput(o) } as CityInput).catch(cityFailure);
      out(`Created ${row.kind === 'area' ? 'metropolitan area' : 'city'} "${row.name.ro}" at /${row.slug}. Next: \`urbia admin create --tenant ${row.slug} --email …\` and \`urbia strategy import FILE --tenant ${row.slug}\`.`);
    });
  });
withCityOptions(city.command('update').description('change a city\'s names, languages, boundary or area').argument('<slug>'))
  .action(async (slug: string, o: CityOptions) => {
    await withServices(config(), async (built) => {
      const tenant = await built.services.tenants.bySlug(slug).catch(() => { throw new InvalidArgumentError(`no city "${slug}"`); });
      const row = await built.services.tenants.update(SYSTEM, tenant, cityInput({ ...o, slug })).catch(cityFailure);
      out(`Updated "${row.name.ro}" (/${row.slug}).`);
    });
  });
for (const [name, archived] of [['archive', true], ['restore', false]] as const)
  city
    .command(name)
    .description(archived ? 'archive a city: hidden from lists, its data kept' : 'bring an archived city back')
    .argument('<slug>')
    .action(async (slug: string) => {
      await withServices(config(), async (built) => {
        const tenant = await built.services.tenants.bySlug(slug).catch(() => { throw new InvalidArgumentError(`no city "${slug}"`); });
        await built.services.tenants.setArchived(SYSTEM, tenant, archived);
        out(`${archived ? 'Archived' : 'Restored'} "${tenant.name.ro}" (/${slug}).`);
      });
    });
city
  .command('list')
  .description('the cities and areas, with their members')
  .action(async () => {
    await withServices(config(), async (built) => {
      const all = await built.services.tenants.listAll();
      for (const t of all.filter((x) => x.parent_id === null))
        for (const row of [t, ...all.filter((m) => m.parent_id === t.id)])
          out(`${row === t ? '' : '  '}${row.slug}\t${row.kind}\t${row.name.ro}${row.archived_at ? '\t(archived)' : ''}`);
    });
  });

program
  .command('backup')
  .description('write the database and the data directory\'s files into one archive with checksums (PGlite: stop the server first)')
  .argument('<archive>', 'the .tar file to write')
  .action(async (archive: string) => {
    await createBackup({ config: config(), log: out }, archive);
  });

program
  .command('restore')
  .description('restore an archive made by `urbia backup` into the configured database and data directory')
  .argument('<archive>', 'the .tar file to read')
  .option('--force', 'replace a database or data directory that is not empty')
  .action(async (archive: string, opts: { force?: boolean }) => {
    await restoreBackup({ config: config(), log: out }, archive, opts);
  });

export async function main(argv = process.argv): Promise<void> {
  try {
    await registerModuleCommands(program, { config, withServices, out, err });
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError) err(e.message);
    else if (e instanceof DataDirLockedError) err(e.message);
    else if (e instanceof InvalidArgumentError) err(`error: ${e.message}`);
    else err(`urbia: ${(e as Error).message ?? String(e)}`);
    const code = e instanceof BackupRefusedError ? e.exitCode : 1;
    process.exitCode = code;
    // A failed start must not hang on open handles.
    setTimeout(() => process.exit(code), 200).unref();
  }
}
