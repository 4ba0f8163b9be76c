import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/actor.js';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';

const CITY = 'baia-mare';
const B = `/api/v1/tenants/${CITY}`;

/**
 * One request per city-wide ability whose only gate is that ability: the server answers 403 to those without
 * it and lets the others through. Where no read-only route is gated by it, the request names a thing that does
 * not exist, so getting through means 404 rather than 403 (validation runs first, so the body is valid).
 */
const PROBES: Record<string, { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object; allowed: number }> = {
  'strategy.edit': { method: 'GET', url: `${B}/strategy/notes`, allowed: 200 },
  'reports.triage': { method: 'GET', url: `${B}/reports/queue`, allowed: 200 },
  'sensors.manageAlerts': { method: 'POST', url: `${B}/sensor-alert-rules`, payload: { property: 'pm25', threshold: 50 }, allowed: 201 },
  'participation.manage': { method: 'GET', url: `${B}/interests`, allowed: 200 },
  'participation.moderate': { method: 'GET', url: `${B}/moderation`, allowed: 200 },
  'opendata.publish': { method: 'GET', url: `${B}/opendata/uploads`, allowed: 200 },
  'monitoring.readReports': { method: 'GET', url: `${B}/progress-reports`, allowed: 200 },
  'monitoring.seeOverdue': { method: 'GET', url: `${B}/monitoring/overdue`, allowed: 200 },
  'monitoring.reviewReports': { method: 'POST', url: `${B}/progress-reports/999999/approve`, payload: {}, allowed: 404 },
  'directory.decideClaims': { method: 'PUT', url: `${B}/claims/999999/decision`, payload: { status: 'accepted' }, allowed: 404 },
  'users.manageMembers': { method: 'GET', url: `${B}/members`, allowed: 200 },
};

/** What /auth/me should say in the city for each kind of person (admins hold every staff right). */
const EXPECTED: Record<string, { roles: Role[]; can: string[] }> = {
  citizen: { roles: ['citizen'], can: [] },
  steering: { roles: ['steering'], can: ['monitoring.readReports', 'monitoring.seeOverdue'] },
  staff: { roles: ['staff'], can: Object.keys(PROBES).filter((a) => a !== 'users.manageMembers') },
  admin: { roles: ['admin'], can: Object.keys(PROBES) },
};

describe.each(testEngines())('city-wide abilities in /auth/me on %s', (engine) => {
  let t: TestApp;
  const people: Record<string, TestUser> = {};
  beforeAll(async () => {
    t = await createTestApp(engine);
    for (const [who, e] of Object.entries(EXPECTED)) people[who] = await buildUser(t, { [CITY]: e.roles });
  });
  afterAll(async () => {
    await t?.close();
  });

  const abilitiesOf = async (u: TestUser | undefined) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', ...(u ? { headers: { cookie: u.cookie } } : {}) })).json().abilities.cities as Record<string, Record<string, boolean>>;

  it('lists every ability for each city one belongs to, and none for a visitor', async () => {
    expect(await abilitiesOf(undefined)).toEqual({});
    const staff = await abilitiesOf(people.staff);
    expect(Object.keys(staff)).toEqual([CITY]);
    expect(Object.keys(staff[CITY]!).sort()).toEqual(Object.keys(PROBES).sort());
  });

  it.each(Object.keys(EXPECTED))('tells a %s what the routes then allow', async (who) => {
    const mine = (await abilitiesOf(people[who]))[CITY]!;
    expect(Object.keys(mine).filter((a) => mine[a]).sort()).toEqual([...EXPECTED[who]!.can].sort());
    for (const [ability, probe] of Object.entries(PROBES)) {
      const res = await t.app.inject({ method: probe.method, url: probe.url, headers: people[who]!.headers, ...(probe.payload ? { payload: probe.payload } : {}) });
      expect({ ability, status: res.statusCode }).toEqual({ ability, status: mine[ability] ? probe.allowed : 403 });
    }
  });
});
