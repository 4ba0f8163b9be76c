/** Shared set-up for the directory's tests: the app with Timișoara's strategy, people with roles, an open action. */
import { readFileSync } from 'node:fs';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import type { TestEngine } from '../../../tests/helpers/env.js';
import { SYSTEM } from '../../core/actor.js';

export const T = '/api/v1/tenants/timisoara';
export const VALID_CUI = '14756536'; // Primăria Municipiului Timișoara
export const INSIDE = { lat: 45.7537, lon: 21.2257 }; // Piața Victoriei
export const OUTSIDE = { lat: 45.65, lon: 21.5 };

export interface DirectoryFixture {
  t: TestApp;
  staff: TestUser;
  ana: TestUser;
  ion: TestUser;
  maria: TestUser;
}

export async function directoryFixture(engine: TestEngine): Promise<DirectoryFixture> {
  const t = await createTestApp(engine);
  const tm = await t.services.tenants.bySlug('timisoara');
  await t.modules.strategy!.importDocument(SYSTEM, tm, JSON.parse(readFileSync(new URL('../../../data/strategies/timisoara-2022-2027.json', import.meta.url), 'utf8')));
  const staff = await buildUser(t, { timisoara: ['staff'] }, { displayName: 'Staff Person' });
  const ana = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana Popescu' });
  const ion = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion Ionescu' });
  const maria = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Maria Kovács' });
  return { t, staff, ana, ion, maria };
}

/** Everything a public reader gets back, as one string, to prove no e-mail address leaks. */
export const noEmails = (body: string, users: TestUser[]) => users.every((u) => !body.includes(u.email));
