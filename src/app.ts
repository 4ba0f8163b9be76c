/**
 * buildApp(config, database) — the whole platform as one Fastify instance. `server.ts` only listens;
 * tests call buildApp and use `app.inject` or listen on a random port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './core/config.js';
import type { DatabaseHandle } from './core/db.js';
import { tooManyRequests } from './core/errors.js';
import { ReplicaRouter } from './core/replica.js';
import { listenForCacheChanges } from './core/cachebus.js';
import { RateLimitRepository } from './core/ratelimit.repository.js';
import { databaseRateLimitStore } from './core/ratelimit.store.js';
import { OutboxWorker } from './core/events.js';
import { createStorage, type Storage } from './core/storage.js';
import { healthRoutes } from './core/health.routes.js';
import { staticSecurityHeaders } from './core/security-headers.js';
import { accessPlugin, type AppInstance, frameworkErrorProblem, installErrorHandler, sendProblem } from './core/http.js';
import { installInputLayer } from './core/input.js';
import { ROOT_DIR, VERSION } from './core/version.js';
import { LIMITS } from './shared/limits.js';
import { createChannels, createMailer, type Mailer } from './modules/notifications/index.js';
import { MetricsRegistry } from './core/metrics.js';
import type { CoreContext, CoreServices, ModuleContext, ModuleServices } from './modules/module.js';
import { CORE_MODULES, MODULES } from './modules/registry.js';
import { gatherAbilities } from './core/abilities.js';
import './core/core.tables.js';

export const WEB_DIST = join(ROOT_DIR, 'dist', 'web');

export type Services = CoreServices;

export interface BuiltApp {
  app: AppInstance;
  services: Services;
  /** the feature modules' services, by module name */
  modules: Partial<ModuleServices>;
  metrics: MetricsRegistry;
  moduleContext: ModuleContext;
  worker: OutboxWorker;
  mailer: Mailer;
  /** where uploads live (local directory or S3) */
  storage: Storage;
  /** the base URL for links in emails; set from the listening address when PUBLIC_URL is not given */
  setPublicUrl(url: string): void;
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** serve the built web app from dist/web (default: when it exists) */
  serveWeb?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export async function buildApp(config: Config, database: DatabaseHandle, options: BuildOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // The client is the right-most address not added by a trusted proxy: a hop count trusts that many
    // proxies in front of us (proxy-addr numbers hops from the socket, 0 = the socket's peer).
    trustProxy: typeof config.trustProxy === 'number' ? ((hops: number) => (_addr: string, i: number) => i < hops)(config.trustProxy) : config.trustProxy,
    bodyLimit: LIMITS.bodyBytes,
    // Keep a caller's correlation id when it sends a sane one, so logs can be joined across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrorProblem,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installInputLayer(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
  });

  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const getPublicUrl = () => publicUrl;

  // Core modules first (src/modules/registry.ts), from the infrastructure the configuration opens.
  const db = database.db;
  const worker = new OutboxWorker(db, app.log, { leaseMs: (config.outboxLeaseSeconds ?? 300) * 1000 });
  // Rate-limit counters: on the Redis/Valkey server when REDIS_URL is set (closed with the app), else in the database.
  // the Redis client loads only when a Redis server is configured (an installation without one never holds it)
  const redis = config.rateLimits && config.redisUrl ? await import('./core/ratelimit.redis.js') : undefined;
  const redisCounter = redis ? new redis.RedisRateLimitCounter(config.redisUrl!) : undefined;
  if (redisCounter) app.addHook('onClose', () => redisCounter.close());
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
  const coreContext: CoreContext = {
    db,
    config,
    worker,
    log: app.log,
    publicUrl: getPublicUrl,
    core: {},
    loginLimiter: !config.rateLimits ? undefined : redis && redisCounter ? redis.failClosed(redisCounter) : new RateLimitRepository(db),
    mailer,
    channels: createChannels(db, config),
    abilities: gatherAbilities([...CORE_MODULES, ...MODULES]),
  };
  for (const m of CORE_MODULES) (coreContext.core as Record<string, unknown>)[m.name] = m.create(coreContext);
  const services = coreContext.core as Services;
  const { tenants, users, notifications } = services;

  // Feature modules, in dependency order.
  const metrics = new MetricsRegistry();
  const modules: Partial<ModuleServices> = {};
  const storage = createStorage(config);
  const moduleContext: ModuleContext = { db, engine: database.engine, config, storage, core: services, modules, metrics, worker, log: app.log, publicUrl: getPublicUrl, manifests: MODULES };
  for (const m of MODULES) (modules as Record<string, unknown>)[m.name] = await m.create(moduleContext);
  // What each module offers to follow, with its existence and visibility check.
  for (const m of MODULES) for (const [kind, f] of Object.entries(m.followables?.((modules as Record<string, unknown>)[m.name] as never, moduleContext) ?? {})) notifications.registerFollowable(kind, f);
  // Deliver what a request queued as soon as it has been answered, instead of at the next poll.
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') worker.nudge();
  });

  await app.register(fastifyCookie);
  // Caches kept per process hear of changes made by the other processes (core/cachebus.ts).
  if (database.engine === 'postgres' && config.databaseDirectUrl) {
    const stop = listenForCacheChanges(config.databaseDirectUrl, (m) => app.log.warn(m));
    app.addHook('onClose', stop);
  }
  // Reads that may be a moment stale go to the replica when there is one and it is fresh enough (core/replica.ts).
  if (database.replica) {
    const router = new ReplicaRouter(db, database.replica, config.databaseReplicaMaxLagMs, (m) => app.log.warn(m)).start();
    router.install(app);
    app.addHook('onClose', async () => router.stop());
  }
  await app.register(fastifyFormbody, { bodyLimit: LIMITS.bodyBytes });
  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', config.tileUrl ? tileOrigin(config.tileUrl) : undefined].filter(Boolean) as string[],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Sensor maps load tiles from another origin.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
  // Without the plugin, routes' `config.rateLimit` is inert: that is how URBIA_RATE_LIMITS=false turns
  // every limit off (load tests only).
  if (config.rateLimits)
    await app.register(fastifyRateLimit, {
      global: false,
      enableDraftSpec: true,
      // several processes on one PostgreSQL server (or one Redis) share the counters; PGlite has one process (see the store)
      ...(redisCounter
        ? // a Redis that cannot be reached lets the per-route limits through (fail open); login's account count fails closed
          { store: databaseRateLimitStore(redisCounter), skipOnError: true }
        : database.engine === 'postgres'
          ? { store: databaseRateLimitStore(new RateLimitRepository(database.db)) }
          : {}),
      // A signed-in person is limited as a person, not by address: a school lab or a library shares one IP.
      // (The access plugin's onRequest hook has resolved the actor before the limiter's route hook runs.)
      keyGenerator: (req) => (req.actor?.kind === 'user' ? `user:${req.actor.user.id}` : `ip:${req.ip}`),
      errorResponseBuilder: (_req, ctx) => {
        const err = tooManyRequests(Math.max(1, Math.ceil(ctx.ttl / 1000)));
        return Object.assign(err, { statusCode: 429 });
      },
    });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Urbia API',
        version: VERSION,
        description:
          'The smart city platform API: strategy, KPIs, participation, problem reports, sensors and open data. ' +
          'Errors are RFC 9457 problem+json. Cookie-session writes need the X-CSRF-Token header from /api/v1/auth/me; machines use an API key (X-API-Key).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'urbia_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformSpecificationClone: true });

  // Static files are registered before the access plugin: they are public by nature, and the access
  // plugin refuses any later route that does not declare who may call it.
  const serveWeb = options.serveWeb ?? existsSync(join(WEB_DIST, 'index.html'));
  let indexHtml: string | undefined;
  if (serveWeb) {
    indexHtml = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset at maximum compression (vite.config.ts); send those.
      preCompressed: true,
      // Source maps are not built for production; never serve one that a development build left behind.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      // Built assets carry a content hash in their name, so they can be cached for a year.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.includes(`${join('web', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  await app.register(accessPlugin, {
    authenticate: (req) => users.authenticate(req),
    tenantBySlug: (slug) => tenants.bySlug(slug),
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { db, engine: database.engine, config });
  for (const m of CORE_MODULES) if (m.routes) await app.register(async (scope) => m.routes!(scope as AppInstance, services, coreContext));
  for (const m of MODULES) if (m.routes) await app.register(async (scope) => m.routes!(scope as AppInstance, (modules as Record<string, unknown>)[m.name] as never, moduleContext));

  const MACHINE_PREFIXES = ['/api/', '/open311/', '/ngsi-ld/', '/dcat/', '/ogc/'];
  app.setNotFoundHandler({}, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    // A path is a missing file only if it ends in a file type we serve; page paths can contain dots
    // (project codes such as /timisoara/projects/A1.P11).
    const looksLikeFile = /\.(m?js|css|map|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|json|txt|xml|webmanifest)$/i.test(path);
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !MACHINE_PREFIXES.some((p) => path.startsWith(p)) && !looksLikeFile;
    if (wantsPage && indexHtml) {
      // Client-side routes: the web app renders them (and its own "page not found").
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return sendProblem(reply, {
      type: 'urn:urbia:problem:not_found',
      title: 'Not Found',
      status: 404,
      detail: `Nothing at ${req.method} ${path}.`,
      code: 'not_found',
      correlationId: req.id,
      instance: path,
    });
  });

  return {
    app: app as AppInstance,
    services,
    modules,
    metrics,
    moduleContext,
    worker,
    mailer,
    storage,
    setPublicUrl(url: string) {
      if (!config.publicUrl) publicUrl = url;
    },
  };
}

function tileOrigin(url: string): string | undefined {
  try {
    return new URL(url.replace(/\{[a-z]\}/g, 'a')).origin;
  } catch {
    return undefined;
  }
}
