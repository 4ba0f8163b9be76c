/** The batch endpoint: JSON, or CSV turned into the same observations before validation. Thin: schema → one service call. */
import { type FieldError, validationFailed } from '../../../core/errors.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { csvToObservations } from '../sensors.formats.js';
import * as S from './ingest.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

export async function ingestRoutes(app: AppInstance, sensors: SensorsService): Promise<void> {
  app.post('/api/v1/tenants/:tenant/observations', {
    config: { access: { apiKey: 'ingest', roles: ['staff', 'admin'] } },
    schema: {
      tags,
      summary: 'Ingest up to 1,000 observations (JSON or text/csv); all or nothing, idempotent on (datastream, time)',
      params: TenantParams,
      body: S.ObservationBatchBody,
      response: { 200: S.IngestResponse },
    },
    preValidation: async (req) => {
      if (typeof req.body === 'string') {
        const errors: FieldError[] = [];
        const observations = csvToObservations(req.body, errors);
        if (errors.length) throw validationFailed(errors);
        req.body = { observations: observations as S.BatchItemInput[] };
      }
    },
    handler: async (req) => sensors.ingestBatch(requireTenant(req), req.body.observations),
  });
}
