import { z } from 'zod';
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

export async function healthRoutes(app: AppInstance, { db, engine }: { db: Db; engine: Engine }) {
  app.get('/api/v1/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'Is the platform up, and on which database', response: { 200: HealthResponse, 503: HealthResponse } },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      const up = await ping(db);
      const migrations = up ? await migrationStatus(db).catch(() => null) : null;
      return reply.code(up ? 200 : 503).send({ status: up ? 'ok' : 'unavailable', database: engine, version: VERSION, migrations });
    },
  });
}
