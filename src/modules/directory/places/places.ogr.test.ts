/** GDAL reads the resource map's layers over OGC API – Features, as QGIS does (real server on a random port). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { type RunningServer, startServer } from '../../../server.js';
import { seedTenants } from '../../tenants/index.js';
import { IN_CI } from '../../../../tests/helpers/env.js';
import { seedPlaces } from './places.seed.js';

const OGRINFO = '/usr/bin/ogrinfo';
const run = promisify(execFile);
const haveGdal = existsSync(OGRINFO);
if (!haveGdal && IN_CI) throw new Error('CI=true but ogrinfo (gdal-bin) is not installed');

describe.skipIf(!haveGdal)('the resource map read by GDAL ogrinfo', () => {
  let server: RunningServer;
  let chargers = 0;
  beforeAll(async () => {
    const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-ogr-dir-')), PORT: '0', LOG_LEVEL: 'silent' });
    server = await startServer(config, { serveWeb: false, logger: false, beforeListen: async (built) => seedTenants(built.services.tenants) });
    const tm = await server.services.tenants.bySlug('timisoara');
    const r = await seedPlaces(tm, server.modules.directory!.places);
    chargers = r!.kinds.ev_charging!;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the places layers with their feature counts and reads the chargers with their attributes', async () => {
    const { stdout } = await run(OGRINFO, ['-ro', '-al', '-so', `OAPIF:${server.url}/ogc/timisoara`], { timeout: 60_000 });
    const layers = Object.fromEntries([...stdout.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(layers['places-ev-charging']).toBe(chargers);
    expect(layers['places-library']).toBeGreaterThan(0);
    const one = await run(OGRINFO, ['-ro', '-al', '-oo', 'PAGE_SIZE=20', `OAPIF:${server.url}/ogc/timisoara`, 'places-ev-charging'], { timeout: 60_000 });
    expect(one.stdout.match(/^OGRFeature\(places-ev-charging\)/gm)).toHaveLength(chargers);
    expect(one.stdout).toContain('kind (String) = ev_charging');
    expect(one.stdout).toMatch(/POINT \(21\.\d+ 45\.\d+\)/);
  });
});
