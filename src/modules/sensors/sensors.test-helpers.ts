/** Shared set-up for the sensor API tests (REST and NGSI-LD): the app, ingest keys in two cities, people. */
import { ingestKey, type TestApp, type TestUser, useTestApp, useUser } from '../../../tests/helpers/app.js';
import type { TestEngine } from '../../../tests/helpers/env.js';
import { beforeAll } from 'vitest';

export interface SensorsFixture {
  t: TestApp;
  /** ingest keys: Timișoara's (the gateway under test) and Baia Mare's (which may not write to Timișoara) */
  keys: { timisoara: string; baiaMare: string };
  staff: TestUser;
  citizen: TestUser;
}

/** The fixture for the enclosing describe block, filled in by the hooks it registers (read it in tests). */
export function useSensorsApp(engine: TestEngine): SensorsFixture {
  const t = useTestApp(engine);
  const keys = { timisoara: '', baiaMare: '' };
  beforeAll(async () => {
    keys.timisoara = await ingestKey(t, 'timisoara', 'gateway');
    keys.baiaMare = await ingestKey(t, 'baia-mare', 'other');
  });
  return { t, keys, staff: useUser(t, { timisoara: ['staff'] }), citizen: useUser(t, { timisoara: ['citizen'] }) };
}
