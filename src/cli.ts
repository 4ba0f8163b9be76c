/**
 * The `urbia` command: serve, migrate, seed the demo, create admins, and (from the modules) import and
 * export data. Every command reads the same validated configuration as the server.
 */
import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from './app.js';
import { ConfigError, type Config, loadConfig } from './core/config.js';
import { openDatabase, type DatabaseHandle } from './core/db.js';
import { DataDirLockedError } from './core/lock.js';
import { migrateToLatest, migrationStatus } from './core/migrate.js';
import { VERSION } from './core/version.js';
import { ensureWebBuilt } from './core/webbuild.js';
import { ensureDemoAdmin, seedDemo } from './demo.js';
import { closeOnSignals, startServer } from './server.js';
import { registerModuleCommands } from './modules/cli.js';

const out = (msg: string) => process.stdout.write(msg + '\n');
const err = (msg: string) => process.stderr.write(msg + '\n');

function config(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig(), ...overrides };
}

/** Opens the database for a one-off command, migrated, and closes it afterwards. */
export async function withDatabase<T>(cfg: Config, fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
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
    let admin: { email: string; password: string | undefined } | undefined;
    const server = await startServer(cfg, {
      logger: { level: cfg.logLevel },
      beforeListen: opts.demo
        ? async (built, database) => {
            out('Loading the demo…');
            const ctx = { built, database, config: cfg, log: out };
            await seedDemo(ctx);
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
  .requiredOption('--tenant <slug...>', 'city slug(s), e.g. timisoara baia-mare')
  .requiredOption('--email <email>', 'the admin\'s email')
  .option('--name <name>', 'display name', 'Administrator')
  .action(async (opts: { tenant: string[]; email: string; name: string }) => {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) throw new InvalidArgumentError(`--email: "${opts.email}" is not an email address`);
    await withServices(config(), async (built) => {
      const tenants = [];
      for (const slug of opts.tenant) tenants.push(await built.services.tenants.bySlug(slug).catch(() => { throw new InvalidArgumentError(`--tenant: no city "${slug}" (run \`urbia seed\` or \`npm start\` first)`); }));
      const r = await built.services.users.createAdmin(tenants, opts.email, opts.name);
      out(`${r.created ? 'Created' : 'Updated'} admin ${opts.email} of ${opts.tenant.join(', ')}.`);
      out(`Password (shown once): ${r.password}`);
    });
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
    process.exitCode = 1;
    // A failed start must not hang on open handles.
    setTimeout(() => process.exit(1), 200).unref();
  }
}
