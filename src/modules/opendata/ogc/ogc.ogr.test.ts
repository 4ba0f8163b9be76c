/**
 * GDAL reads our OGC API – Features the way QGIS does: `ogrinfo OAPIF:<landing page>` against the real
 * server on a random port. Debian's gdal-bin provides ogrinfo (CI installs it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../core/actor.js';
import { loadConfig } from '../../../core/config.js';
import { type RunningServer, startServer } from '../../../server.js';
import { seedTenants } from '../../tenants/index.js';
import { importTimisoaraStrategy } from '../../../../tests/helpers/app.js';
import { IN_CI } from '../../../../tests/helpers/env.js';

const OGRINFO = '/usr/bin/ogrinfo';
const run = promisify(execFile);
const haveGdal = existsSync(OGRINFO);
if (!haveGdal && IN_CI) throw new Error('CI=true but ogrinfo (gdal-bin) is not installed');

describe.skipIf(!haveGdal)('OGC API – Features read by GDAL ogrinfo', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-ogr-')), PORT: '0', LOG_LEVEL: 'silent' });
    server = await startServer(config, { serveWeb: false, logger: false, beforeListen: async (built) => seedTenants(built.services.tenants) });
    const tm = await importTimisoaraStrategy(server);
    const strategy = server.modules.strategy!;
    await strategy.updateProject(SYSTEM, tm, 'A1.P1', { location: { type: 'Point', coordinates: [21.2257, 45.7537] } });
    await strategy.updateProject(SYSTEM, tm, 'A1.P2', { location: { type: 'Point', coordinates: [21.2087, 45.7489] } });
    const od = server.modules.opendata!;
    const gj = { type: 'FeatureCollection', features: [1, 2, 3].map((i) => ({ type: 'Feature', id: `s${i}`, geometry: { type: 'Point', coordinates: [21.2 + i / 100, 45.75] }, properties: { nume: `Stație ${i}`, locuri: i * 2 } })) };
    await od.uploads.upload(SYSTEM, tm, { filename: 'statii.geojson', stream: Readable.from([Buffer.from(JSON.stringify(gj))]) });
    await od.uploads.describe(SYSTEM, tm, 'statii', { themes: ['TRAN'] });
    await od.uploads.setPublished(SYSTEM, tm, 'statii', true);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the layers with their feature counts', async () => {
    const { stdout } = await run(OGRINFO, ['-ro', '-al', '-so', `OAPIF:${server.url}/ogc/timisoara`], { timeout: 60_000 });
    const layers = Object.fromEntries([...stdout.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(layers).toMatchObject({ projects: 2, statii: 3, boundary: 1 });
  });

  it('reads the features and their attributes, paging with next links', async () => {
    const { stdout } = await run(OGRINFO, ['-ro', '-al', '-oo', 'PAGE_SIZE=2', `OAPIF:${server.url}/ogc/timisoara`, 'statii'], { timeout: 60_000 });
    expect(stdout.match(/^OGRFeature\(statii\)/gm)).toHaveLength(3);
    expect(stdout).toContain('nume (String) = Stație 3');
    expect(stdout).toMatch(/POINT \(21\.23 45\.75\)/);
  });
});
