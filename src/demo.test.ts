import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../tests/helpers/app.js';
import { seedDemo } from './demo.js';

describe('the demo on a directory a child process has just loaded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('runs only what the demo does in the serving process (the sensors live feed), not the loading steps again', async () => {
    const logged: string[] = [];
    await seedDemo({ built: t, database: t.database, config: t.config, log: (m) => logged.push(m) }, { loaded: true });
    expect(logged).toEqual([]);
    // no loading step ran: the strategies and the metropolitan areas are not there
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/strategy' })).statusCode).toBe(404);
    expect((await t.services.tenants.list()).some((x) => x.kind === 'area')).toBe(false);
    // the live feed's timer runs in this process (private: the feed has no other observable effect for a minute)
    expect((t.modules.sensors as unknown as { liveTimer?: NodeJS.Timeout }).liveTimer).toBeDefined();
  });
});
