/**
 * The whole /api/openapi.json validated against the official OpenAPI 3.1 JSON Schema (the one the
 * OpenAPI Initiative publishes, shipped by @seriousme/openapi-schema-validator), as any code generator or
 * API gateway would read it. One engine is enough: the document does not depend on the database.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { API_TYPES_FILE, generateApiTypes } from '../../tools/api-types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testEngines()[0]!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is valid against the official OpenAPI 3.1 schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const res = await validator.validate(doc);
    expect(res.errors ?? [], JSON.stringify(res.errors, null, 1)?.slice(0, 4000)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // no schema keyword flattened into a parameter (what a z.record() querystring used to produce)
    const names = (paths: string[]) => paths.flatMap((path) => Object.values(doc.paths[path]!).flatMap((op) => (op.parameters ?? []).map((p) => `${p.in}:${p.name}`)));
    for (const keyword of ['propertyNames', 'additionalProperties', 'properties', 'anyOf']) expect(names(Object.keys(doc.paths))).not.toContain(`query:${keyword}`);
    const open311 = Object.keys(doc.paths).filter((p) => p.startsWith('/open311/'));
    expect(open311.length).toBeGreaterThanOrEqual(4);
    expect(names(open311)).not.toContain('query:type');
    // Open311 declares the parameters real clients send
    const o311 = doc.paths['/open311/v2/{file}']!.get!.parameters!.map((p) => p.name);
    expect(o311).toEqual(expect.arrayContaining(['file', 'jurisdiction_id', 'status', 'service_code', 'start_date', 'end_date']));
  });

  it('is what the web app\'s generated API types were made from (run `npm run api:types` after changing a route)', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const fresh = await generateApiTypes(doc);
    expect(fresh.length).toBeGreaterThan(100_000);
    expect(readFileSync(API_TYPES_FILE, 'utf8') === fresh, 'web/src/api/schema.gen.ts is stale: run `npm run api:types`').toBe(true);
  });
});
