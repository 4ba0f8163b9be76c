/**
 * The one input layer every route goes through, whatever its module (docs/security.md, "Input rules").
 * Route schemas say what a field is; this layer adds what every field must be, so no route can forget it:
 *
 * - text: no NUL byte and no lone UTF-16 surrogate in any string or key of the body, query or path
 *   (PostgreSQL stores neither: it would answer with an error, and the caller with a 500);
 * - strings: at most LIMITS.textMaxLength characters unless the schema sets its own maximum;
 * - integers: within what an `integer` column holds (−2³¹ … 2³¹−1) unless the schema sets its own bounds;
 * - dates: a `YYYY-MM-DD` string is a real calendar day (not 2026-02-30);
 * - PATCH: at least one field to change;
 * - nesting: at most MAX_DEPTH levels (a deeper JSON body would exhaust the stack of any walker).
 *
 * Each refusal is a 400 problem+json naming the field, before the handler runs, so nothing is written.
 * The error handler in `http.ts` is the last line: a database that still refuses a value (a data exception,
 * a unique or foreign-key violation) answers 4xx, never 500.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LIMITS } from '../shared/limits.js';
import { type FieldError, validationFailed } from './errors.js';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
export const MAX_DEPTH = 64;
/** at most this many field errors in one answer (a body of a million bad strings gets a short reply) */
const MAX_ERRORS = 20;

// (String.prototype.isWellFormed says the same, but TypeScript's ES2022 library does not know it yet.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** True for a `YYYY-MM-DD` string naming a real day of the Gregorian calendar. */
export function isRealDate(s: string): boolean {
  const m = DATE_ONLY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Walks any parsed input (JSON body, query, params, multipart fields) and reports every string or key that
 * is not storable text, and nesting deeper than MAX_DEPTH. Schema-free, so it runs before validation.
 */
export function collectTextErrors(value: unknown, path: string, out: FieldError[], depth = 0): void {
  if (out.length >= MAX_ERRORS) return;
  if (typeof value === 'string') {
    const p = textProblem(value);
    if (p) out.push({ field: path || '(body)', message: p, code: 'invalid_text' });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    out.push({ field: path || '(body)', message: `nested deeper than ${MAX_DEPTH} levels`, code: 'too_deep' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectTextErrors(v, join(path, i), out, depth + 1));
    return;
  }
  if (Buffer.isBuffer(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const p = textProblem(k);
    if (p) out.push({ field: join(path, k.replace(/[\uD800-\uDFFF]/g, '\uFFFD').split('\u0000').join('\uFFFD')), message: `(the field's name) ${p}`, code: 'invalid_text' });
    collectTextErrors(v, join(path, k), out, depth + 1);
  }
}

/** Throws a 400 naming each field whose text cannot be stored. For inputs read by hand (multipart fields). */
export function assertStorableText(value: unknown, path = ''): void {
  const errors: FieldError[] = [];
  collectTextErrors(value, path, errors);
  if (errors.length) throw validationFailed(errors);
}

// ---- the schema-driven rules (integers, dates), applied to the validated values ----

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  pattern?: string;
  maxLength?: number;
};

const SAFE = Number.MAX_SAFE_INTEGER;
const jsonSchemas = new WeakMap<object, JsonSchema | null>();

/** The JSON Schema (output side) of a route's zod schema, computed once; null when it is not a zod schema. */
function jsonSchemaOf(schema: unknown): JsonSchema | null {
  if (!schema || typeof schema !== 'object') return null;
  let s = jsonSchemas.get(schema);
  if (s === undefined) {
    try {
      s = schema instanceof z.ZodType ? (z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', cycles: 'ref', reused: 'inline' }) as JsonSchema) : null;
    } catch {
      s = null;
    }
    jsonSchemas.set(schema, s);
  }
  return s;
}

function resolve(s: JsonSchema, root: JsonSchema): JsonSchema {
  for (let i = 0; s.$ref && i < 10; i++) {
    if (s.$ref === '#') s = root;
    else if (s.$ref.startsWith('#/$defs/')) s = root.$defs?.[s.$ref.slice(8)] ?? {};
    else return {};
  }
  return s;
}

const hasType = (s: JsonSchema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

/** The rules every integer and date field follows, checked against the route's schema. */
export function collectSchemaErrors(value: unknown, schema: JsonSchema, root: JsonSchema, path: string, out: FieldError[], depth = 0): void {
  if (out.length >= MAX_ERRORS || depth > MAX_DEPTH || value === undefined || value === null) return;
  const s = resolve(schema, root);
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) collectSchemaErrors(value, branch, root, path, out, depth + 1);
  const field = path || '(body)';
  if (typeof value === 'number' && hasType(s, 'integer')) {
    // z.number().int() means "a safe integer"; a column of type integer holds 32 bits. A schema that sets a
    // bound of its own (a bigint column, a count) keeps it.
    const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : SAFE);
    const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -SAFE);
    const hi = max >= SAFE ? INT32_MAX : max;
    const lo = min <= -SAFE ? INT32_MIN : min;
    if (value > hi) out.push({ field, message: `must be at most ${hi}`, code: 'too_big' });
    else if (value < lo) out.push({ field, message: `must be at least ${lo}`, code: 'too_small' });
    return;
  }
  if (typeof value === 'string') {
    // A whole text body (CSV, a pabulib file) is bounded by the route's bodyLimit, not by the rule for text fields.
    if (path && s.maxLength === undefined && value.length > LIMITS.textMaxLength && hasType(s, 'string')) out.push({ field, message: `must be at most ${LIMITS.textMaxLength} characters`, code: 'too_long' });
    if ((s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') && DATE_ONLY.test(value) && !isRealDate(value)) out.push({ field, message: 'is not a real date (YYYY-MM-DD)', code: 'invalid_date' });
    return;
  }
  if (Array.isArray(value)) {
    const items = s.prefixItems ?? (Array.isArray(s.items) ? s.items : undefined);
    value.forEach((v, i) => {
      const item = items ? items[i] : (s.items as JsonSchema | undefined);
      if (item) collectSchemaErrors(v, item, root, join(path, i), out, depth + 1);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const prop = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (prop) collectSchemaErrors(v, prop, root, join(path, k), out, depth + 1);
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

const PARTS = [
  ['params', 'params.'],
  ['query', 'query.'],
  ['body', ''],
] as const;

/**
 * Installs the input layer on the app: the text rules before schema validation (so a NUL in `:tenant`
 * fails here even on a route whose pattern would not catch it), the schema-driven rules after it. Add it
 * before the access plugin so the ladder stays 401 → 400 → 403.
 */
export function installInputLayer(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const errors: FieldError[] = [];
    for (const [part, prefix] of PARTS) collectTextErrors(req[part], prefix.replace(/\.$/, ''), errors);
    if (errors.length) throw validationFailed(errors, 'The request contains text that cannot be stored: ' + errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  });

  app.addHook('preHandler', async (req: FastifyRequest) => {
    const errors: FieldError[] = [];
    const schema = req.routeOptions.schema as { params?: unknown; querystring?: unknown; body?: unknown } | undefined;
    if (schema) {
      for (const [part, prefix] of PARTS) {
        const js = jsonSchemaOf(part === 'query' ? schema.querystring : schema[part]);
        if (js) collectSchemaErrors(req[part], js, js, prefix.replace(/\.$/, ''), errors);
      }
    }
    if (req.method === 'PATCH' && isPlainObject(req.body) && Object.values(req.body).every((v) => v === undefined))
      errors.push({ field: '(body)', message: 'name at least one field to change', code: 'empty_patch' });
    if (errors.length) throw validationFailed(errors, 'The request is not valid: ' + errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  });
}

/** True when `s` is a decimal id an `integer` column can hold (for routes that take an id or a slug). */
export function isInt32Id(s: string): boolean {
  return /^\d{1,10}$/.test(s) && Number(s) <= INT32_MAX;
}
