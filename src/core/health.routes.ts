import { z } from 'zod';
import type { Config } from './config.js';
import { type Db, type Engine, ping } from './db.js';
import type { AppInstance } from './http.js';
import { migrationStatus } from './migrate.js';
import { VERSION } from './version.js';

const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
  migrations: z.object({ applied: z.number().int(), pending: z.number().int(), latest: z.string().nullable() }).nullable(),
});

const PlatformResponse = z.object({
  version: z.string(),
  map: z.object({ tileUrl: z.string().nullable(), attribution: z.string() }),
  locales: z.array(z.enum(['ro', 'en', 'hu'])),
});

export async function healthRoutes(app: AppInstance, { db, engine, config }: { db: Db; engine: Engine; config: Config }) {
  let status: Awaited<ReturnType<typeof migrationStatus>> | undefined;
  app.get('/api/v1/platform', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'What the web app needs to know about this installation', response: { 200: PlatformResponse } },
    handler: async () => ({ version: VERSION, map: { tileUrl: config.tileUrl, attribution: config.tileAttribution }, locales: ['ro', 'en', 'hu'] as ('ro' | 'en' | 'hu')[] }),
  });

  app.get('/api/v1/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'Is the platform up, and on which database', response: { 200: HealthResponse, 503: HealthResponse } },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      const up = await ping(db);
      // The migration status changes only when migrations run (at start), so it is read once.
      status ??= up ? await migrationStatus(db).catch(() => undefined) : undefined;
      const migrations = up ? (status ?? null) : null;
      return reply.code(up ? 200 : 503).send({ status: up ? 'ok' : 'unavailable', database: engine, version: VERSION, migrations });
    },
  });
}
