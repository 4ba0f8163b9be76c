/**
 * Places for strategy projects: staff give a project a point or an area (a polygon drawn on the map); it is
 * stored, shown on the project page (public API) and on the projects map; a place outside the city's real
 * boundary is refused with a 400 naming the position, and nothing is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { SYSTEM } from '../../core/actor.js';
import { ROOT_DIR } from '../../core/version.js';
import type { StrategyDocument } from './strategy.document.js';

const TM = '/api/v1/tenants/timisoara';
// Parcul Rozelor and the Bega embankment next to it, inside Timișoara
const AREA = { type: 'Polygon', coordinates: [[[21.2296, 45.7507], [21.2336, 45.7507], [21.2336, 45.7489], [21.2296, 45.7489], [21.2296, 45.7507]]] };

describe.each(testEngines())('project places on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')) as StrategyDocument;
    await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug('timisoara'), doc);
  }, 180_000);
  afterAll(async () => t?.close());

  it('staff draw an area or a point; everyone sees it; outside the city is refused naming the position', async () => {
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const citizen = await buildUser(t, { timisoara: ['citizen'] });
    const patch = (code: string, payload: Record<string, unknown>, headers: Record<string, string> | undefined = staff.headers) => t.app.inject({ method: 'PATCH', url: `${TM}/projects/${code}`, headers, payload });
    expect((await patch('A6.P2', { location: AREA }, {})).statusCode).toBe(401);
    expect((await patch('A6.P2', { location: AREA }, citizen.headers)).statusCode).toBe(403);
    const ok = await patch('A6.P2', { location: AREA });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.app.inject({ url: `${TM}/projects/A6.P2` })).json().location).toEqual(AREA);
    const list = (await t.app.inject({ url: `${TM}/projects?ambition=A6` })).json();
    expect(list.items.find((p: { code: string }) => p.code === 'A6.P2').location).toEqual(AREA);

    // one corner in Dumbrăvița (north of the city's boundary): 400 naming that corner, nothing written
    const outside = structuredClone(AREA);
    outside.coordinates[0]![1] = [21.245, 45.81];
    const bad = await patch('A6.P2', { location: outside });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['location.coordinates.0.1']);
    expect((await t.app.inject({ url: `${TM}/projects/A6.P2` })).json().location).toEqual(AREA);

    // a point far away (in Baia Mare) on a new project: refused, no project created
    const body = { code: 'A6.P98', title: { ro: 'Loc de joacă' }, parent: 'A6', status: 'planned', fundingSources: [], location: { type: 'Point', coordinates: [23.58, 47.66] } };
    const far = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: staff.headers, payload: body });
    expect(far.statusCode).toBe(400);
    expect(problem(far).errors?.[0]?.field).toBe('location.coordinates');
    expect((await t.app.inject({ url: `${TM}/projects/A6.P98` })).statusCode).toBe(404);
    const near = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: staff.headers, payload: { ...body, location: { type: 'Point', coordinates: [21.2257, 45.7537] } } });
    expect(near.statusCode, near.body).toBe(201);
    // clearing the place
    expect((await patch('A6.P2', { location: null })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${TM}/projects/A6.P2` })).json().location ?? null).toBeNull();
  });
});
