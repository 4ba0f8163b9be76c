/**
 * Starting and stopping the platform: open the database (taking the data directory's lock), migrate,
 * optionally seed the demo, listen, run the outbox worker, and shut down gracefully on SIGINT/SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { buildApp, type BuiltApp } from './app.js';
import type { Config } from './core/config.js';
import { type DatabaseHandle, openDatabase, redactUrl } from './core/db.js';
import { migrateToLatest } from './core/migrate.js';

export interface RunningServer extends BuiltApp {
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** runs after migrations and before listening (the demo seed) */
  beforeListen?: (built: BuiltApp, database: DatabaseHandle) => Promise<void>;
  serveWeb?: boolean;
  logger?: FastifyServerOptions["logger"];
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // Migrations take a session advisory lock (Kysely's): through PgBouncer in transaction mode its unlock could land
  // on another server connection, so they run on the direct connection to the primary.
  if (config.databaseDirectUrl && config.databaseDirectUrl !== config.databaseUrl) {
    const direct = await openDatabase({ databaseUrl: config.databaseDirectUrl, dataDir: config.dataDir, poolSize: 1 });
    try {
      await migrateToLatest(direct.db);
    } finally {
      await direct.close();
    }
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, replicaUrl: config.databaseReplicaUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, sharedBuffers: config.pgliteSharedBuffers });
  let built: BuiltApp | undefined;
  try {
    if (!config.databaseDirectUrl || config.databaseDirectUrl === config.databaseUrl) await migrateToLatest(database.db);
    built = await buildApp(config, database, { serveWeb: options.serveWeb, logger: options.logger });
    if (options.beforeListen) await options.beforeListen(built, database);
    await built.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await built?.app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw e;
  }
  const address = built.app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  built.setPublicUrl(url);
  built.worker.start();
  built.services.notifications.startDigestClock(300_000, built.app.log);
  built.app.log.info({ url, database: database.engine === 'postgres' ? redactUrl(config.databaseUrl!) : config.dataDir }, 'Urbia is listening');

  let closing: Promise<void> | undefined;
  const b = built;
  return {
    ...b,
    database,
    url,
    close() {
      // In-flight requests finish (Fastify closes the listener first), then the worker, then the database.
      closing ??= (async () => {
        await b.app.close();
        b.services.notifications.stopDigestClock();
        await b.worker.stop();
        b.mailer.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/** Stops on the first SIGINT/SIGTERM; a second one forces the exit. */
export function closeOnSignals(server: { close(): Promise<void> }, log: (msg: string) => void = console.error): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal} received: finishing requests and closing the database…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server
      .close()
      .then(() => process.exit(0))
      .catch((e) => {
        log(String(e));
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
