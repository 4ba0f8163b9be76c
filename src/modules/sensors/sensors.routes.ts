/**
 * Sensors HTTP: the module's scope (CSV bodies, the retention job, the roll-up fold at start and close) and
 * each resource's routes in turn: the batch endpoint, the Sensor.Community push, NGSI-LD, the sensors and
 * their series, city-wide air quality, alerts and their rules, retention, follows.
 */
import type { AppInstance } from '../../core/http.js';
import { LIMITS } from '../../shared/limits.js';
import type { ModuleContext } from '../module.js';
import { alertRoutes } from './alerts/alerts.routes.js';
import { followRoutes } from './follows/follows.routes.js';
import { ingestRoutes } from './ingest/ingest.routes.js';
import { ngsiLdRoutes } from './ngsi-ld/ngsi-ld.routes.js';
import { registryRoutes } from './registry/registry.routes.js';
import { retentionRoutes } from './retention/retention.routes.js';
import { airQualityRoutes } from './rollups/rollups.routes.js';
import { sensorCommunityRoutes } from './sensor-community/sensor-community.routes.js';
import type { SensorsService } from './sensors.service.js';

export async function sensorsRoutes(app: AppInstance, sensors: SensorsService, ctx: ModuleContext): Promise<void> {
  // Bodies in this module's scope only: CSV batches (NGSI-LD's JSON-LD: in its own scope), within the 1 MB body limit
  // (over it, 413 before anything is parsed). Bodies are read in full before the handler runs, so a slow
  // client holds no database connection or PGlite's single writer while it trickles its upload.
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: LIMITS.bodyBytes }, (_req, body, done) => done(null, body));

  sensors.startRetentionJob();
  // roll-up deltas a crash may have left are folded at start; what this process wrote, on close
  app.addHook('onReady', async () => void (await sensors.foldRollups().catch(() => undefined)));
  app.addHook('onClose', async () => sensors.close());

  await ingestRoutes(app, sensors);
  await sensorCommunityRoutes(app, sensors);
  // NGSI-LD (ETSI GS CIM 009): its own scope, content types and error format
  await app.register(async (scope) => ngsiLdRoutes(scope as AppInstance, sensors, ctx));
  await registryRoutes(app, sensors);
  await airQualityRoutes(app, sensors, ctx);
  await alertRoutes(app, sensors);
  await retentionRoutes(app, sensors);
  await followRoutes(app, sensors, ctx);
}
