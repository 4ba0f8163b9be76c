/**
 * Durability: a server killed with SIGKILL in the middle of a sustained ingest, then restarted, still has
 * every observation it acknowledged (2xx), on each database engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../core/actor.js';
import { openDatabase, type DatabaseHandle } from '../../core/db.js';
import { migrateToLatest } from '../../core/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { startServerChild as startChild } from '../../../tests/helpers/child.js';
import { createTenantsService, seedTenants } from '../tenants/index.js';
import { createNotificationsService } from '../notifications/index.js';
import { createUsersService } from '../users/index.js';

/** Creates the tenants, an ingest key and a sensor with a PM2.5 datastream, through the services. */
async function prepare(handle: DatabaseHandle): Promise<{ key: string; datastream: number }> {
  await migrateToLatest(handle.db);
  const tenants = createTenantsService(handle.db);
  await seedTenants(tenants);
  const notifications = createNotificationsService(handle.db, () => 'http://urbia.test');
  const users = createUsersService(handle.db, { notifications, publicUrl: () => 'http://urbia.test' });
  const tm = await tenants.bySlug('timisoara');
  const { secret } = await users.createApiKey(SYSTEM, tm, { name: 'crash test', purpose: 'ingest' });
  const thing = await handle.db.insertInto('sensors_things').values({ tenant_id: tm.id, name: 'crash', lat: 45.75, lon: 21.22, metadata: '{}', area: null, ngsi_id: null, sc_node: null }).returning('id').executeTakeFirstOrThrow();
  const ds = await handle.db.insertInto('sensors_datastreams').values({ tenant_id: tm.id, thing_id: thing.id, property: 'pm25', unit: 'ug/m3', last_time: null, last_value: null }).returning('id').executeTakeFirstOrThrow();
  return { key: secret, datastream: Number(ds.id) };
}

describe.each(testEngines())('an acknowledged batch survives SIGKILL on %s', (engine) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('finds every acknowledged observation after a kill and a restart', { timeout: 120_000 }, async () => {
    let env: Record<string, string>;
    let key: string;
    let datastream: number;
    const dataDir = mkdtempSync(join(tmpdir(), 'urbia-kill-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    if (engine === 'pglite') {
      const handle = await openDatabase({ dataDir });
      ({ key, datastream } = await prepare(handle));
      await handle.close(); // releases the data directory's lock for the child
      env = { URBIA_DATA_DIR: dataDir };
    } else {
      const db: TestDatabase = await createTestDatabase('postgres', { migrate: false });
      cleanup.push(() => db.close());
      ({ key, datastream } = await prepare(db));
      env = { URBIA_DATA_DIR: dataDir, DATABASE_URL: db.url! };
    }

    const first = await startChild(env);
    const acked: number[] = [];
    const base = Date.now() - 20 * 86_400_000;
    let next = 0;
    let killed = false;
    // two clients send batches of 100 (one transaction each), two send 5 observations a request (the group commit)
    const client = async (c: number) => {
      const BATCH = c % 2 ? 5 : 100;
      while (!killed && next < 15_000) {
        const start = next;
        next += BATCH;
        const observations = Array.from({ length: BATCH }, (_, i) => ({ datastream, time: new Date(base + (start + i) * 1000).toISOString(), value: start + i }));
        try {
          const res = await fetch(`${first.url}/api/v1/tenants/timisoara/observations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ observations }) });
          if (res.status === 200) for (let i = 0; i < BATCH; i++) acked.push(start + i);
          else await res.text();
        } catch {
          return; // the server is gone: this batch was never acknowledged
        }
      }
    };
    const clients = Promise.all(Array.from({ length: 4 }, (_, c) => client(c)));
    // kill once a good number of batches were acknowledged, while the clients are still sending
    while (acked.length < 2000 && next < 15_000) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await clients;
    await first.exited;
    expect(acked.length).toBeGreaterThanOrEqual(2000);

    const second = await startChild(env);
    cleanup.push(() => void second.child.kill('SIGKILL'));
    const thingId = await (await fetch(`${second.url}/api/v1/tenants/timisoara/sensors`)).json().then((j: { items: { id: number; name: string }[] }) => j.items.find((s) => s.name === 'crash')!.id);
    const from = new Date(base - 1000).toISOString();
    const to = new Date(base + 16_000 * 1000).toISOString();
    const series = await (await fetch(`${second.url}/api/v1/tenants/timisoara/sensors/${thingId}/series?property=pm25&interval=raw&from=${from}&to=${to}`)).json() as { points: { value: number }[] };
    const present = new Set(series.points.map((p) => p.value));
    const missing = acked.filter((v) => !present.has(v));
    expect(missing).toEqual([]);
    // the roll-ups agree with the raw rows (no half-applied batch)
    const hourFrom = new Date(base - 2 * 3_600_000).toISOString();
    const hours = await (await fetch(`${second.url}/api/v1/tenants/timisoara/sensors/${thingId}/series?property=pm25&interval=hour&from=${hourFrom}&to=${to}`)).json() as { points: { count: number }[] };
    expect(hours.points.reduce((a, p) => a + p.count, 0)).toBe(series.points.length);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
