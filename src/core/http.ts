/**
 * The HTTP core shared by every module: route access declarations and their enforcement, the actor on each
 * request, and the one error handler that turns every error into RFC 9457 problem+json.
 */
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Actor, type ActorUser, type ApiKeyPurpose, hasRole, type Role } from './actor.js';
import { AppError, type FieldError, forbidden, TITLES, unauthorized } from './errors.js';
import type { TenantRow } from './core.tables.js';

export type AppInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/**
 * Who may call a route. Every route must declare one: the app refuses to start otherwise.
 * - 'public': anyone;
 * - 'user': any signed-in person;
 * - { roles }: a signed-in person with one of these roles in the route's `:tenant` (admin implies all);
 * - { apiKey, roles? }: a machine with an API key of that purpose for the route's `:tenant`, or a person with
 *   one of `roles` there.
 */
export type Access = 'public' | 'user' | { roles: readonly Role[] } | { apiKey: ApiKeyPurpose; roles?: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
    tenant: TenantRow | undefined;
  }
}

/** Routes registered by plugins we do not write (docs UI, static files) are public by nature. */
const PUBLIC_PREFIXES = ['/api/docs', '/assets/', '/favicon', '/robots.txt', '/manifest'];

export interface AccessOptions {
  authenticate(req: FastifyRequest): Promise<Actor>;
  tenantBySlug(slug: string): Promise<TenantRow>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route with the access it declared; the security tests walk this list */
    declaredRoutes: DeclaredRoute[];
  }
}

export const accessPlugin = fp(async (app: FastifyInstance, opts: AccessOptions) => {
  app.decorateRequest('actor', null as unknown as { getter(): Actor });
  app.decorateRequest('tenant', undefined);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!route.config?.access) {
      if (!(PUBLIC_PREFIXES.some((p) => url.startsWith(p)) || url === '/' || url === '/*'))
        throw new Error(`route ${String(route.method)} ${url} does not declare who may call it (config.access)`);
      route.config = { ...(route.config ?? {}), access: 'public' };
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') declared.push({ method, url, access: route.config.access! });
  });

  app.addHook('onRequest', async (req) => {
    const actor = await opts.authenticate(req);
    actor.correlationId = req.id;
    req.actor = actor;
    const access = req.routeOptions.config?.access ?? 'public';

    // A cookie session is something a browser sends on its own, so a write on one must prove it comes from
    // our page: the CSRF token it was given, in a header a cross-site form cannot set.
    if (actor.kind === 'user' && !SAFE_METHODS.has(req.method)) {
      const token = req.headers['x-csrf-token'];
      if (token !== actor.csrfToken) throw new AppError(403, 'csrf_failed', 'The request lacks a valid CSRF token (X-CSRF-Token header).');
    }

    if (access === 'public') return;
    if (access === 'user' || !('apiKey' in access)) {
      if (actor.kind !== 'user') throw unauthorized();
      return;
    }
    if (actor.kind !== 'api_key' && actor.kind !== 'user') throw unauthorized('An API key or a signed-in user is required.');
  });

  // Authorisation runs after validation, so a caller learns "your request is malformed" (400) before
  // "you may not" (403), the ladder the route tests follow.
  app.addHook('preHandler', async (req) => {
    const params = req.params as Record<string, string> | undefined;
    if (params?.tenant) req.tenant = await opts.tenantBySlug(params.tenant);
    const access = req.routeOptions.config?.access ?? 'public';
    if (access === 'public' || access === 'user') return;
    const actor = req.actor;
    const tenantId = req.tenant?.id;
    if ('apiKey' in access) {
      if (actor.kind === 'api_key') {
        if (actor.key.purpose !== access.apiKey || (tenantId !== undefined && actor.key.tenantId !== tenantId)) throw forbidden('This API key is not valid for this operation.');
        return;
      }
      if (!access.roles || tenantId === undefined || !hasRole(actor, tenantId, access.roles)) throw forbidden();
      return;
    }
    if (tenantId === undefined) {
      // A role route without a tenant: the role in any tenant will do.
      if (actor.kind !== 'user' || ![...actor.user.roles.keys()].some((t) => hasRole(actor, t, access.roles))) throw forbidden();
      return;
    }
    if (!hasRole(actor, tenantId, access.roles)) throw forbidden();
  });
});

export function requireUser(req: FastifyRequest): ActorUser {
  if (req.actor.kind !== 'user') throw unauthorized();
  return req.actor.user;
}

/** Appends fields (what depends on the caller, in the response schema's order) to a kept body's JSON text (an object), so callers share the rest of the body. */
export const withFields = (body: string, fields: object) => `${body.slice(0, -1)},${JSON.stringify(fields).slice(1)}`;
/** Appends the caller's abilities to a kept body's JSON text. */
export const withAbilities = (body: string, abilities: object) => withFields(body, { abilities });

/**
 * Sends JSON text made (and checked against the route's response schema) when it was kept: Fastify sends a
 * string as it is, so the body is not validated and serialised again on every request.
 */
export function sendJsonText(reply: FastifyReply, text: string) {
  return reply.type('application/json; charset=utf-8').send(text as never);
}

export function requireTenant(req: FastifyRequest): TenantRow {
  if (!req.tenant) throw new Error('route has no :tenant parameter');
  return req.tenant;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  correlationId: string;
  instance: string;
}

function problemOf(err: FastifyError | AppError | Error, req: FastifyRequest): { problem: Problem; headers?: Record<string, string> } {
  const base = (status: number, code: string, detail: string, errors?: FieldError[]): Problem => ({
    type: `urn:urbia:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length ? { errors } : {}),
    correlationId: req.id,
    instance: req.url.split('?')[0] ?? req.url,
  });
  if (err instanceof AppError) return { problem: base(err.status, err.code, err.message, err.errors), ...(err.headers ? { headers: err.headers } : {}) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext;
    const errors = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
      const code = v.keyword;
      const keys = (v.params as { keys?: string[] } | undefined)?.keys;
      // An unknown field is named by its own path, not its parent's.
      const field = code === 'unrecognized_keys' && keys?.length ? [path, ...keys].filter(Boolean).join('.') : path;
      return { message: v.message ?? 'not valid', field: where && where !== 'body' ? `${where === 'querystring' ? 'query' : where}.${field}`.replace(/\.$/, '') : field || '(body)', ...(code ? { code } : {}) };
    });
    return { problem: base(400, 'validation_failed', 'The request is not valid: ' + errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors) };
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: base(413, 'too_large', 'The request body is too large.') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { problem: base(415, 'unsupported_media_type', `Unsupported Content-Type: ${req.headers['content-type'] ?? '(none)'}.`) };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: base(400, 'empty_body', 'The request body is empty but JSON was announced.') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { problem: base(400, 'malformed_json', 'The request body is not valid JSON.') };
  }
  const db = databaseRefusal(err);
  if (db) return { problem: base(db.status, db.code, db.detail) };
  if (databaseUnavailable(err)) return { problem: base(503, 'unavailable', 'The database cannot be reached right now; nothing was saved. Please try again in a moment.'), headers: { 'retry-after': '5' } };
  if (isMalformedMultipart(err, req)) return { problem: base(400, 'malformed_multipart', `The multipart/form-data body is malformed: ${err.message}.`) };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe instanceof SyntaxError ? 'malformed_json' : (fe.code?.toLowerCase() ?? 'bad_request');
    return { problem: base(fe.statusCode, code, fe instanceof SyntaxError ? 'The request body is not valid JSON.' : fe.message) };
  }
  return { problem: base(500, 'internal', 'Something went wrong on our side. The error was logged with this correlation id.') };
}

/**
 * The database as the last line of input validation. A value the input layer let through but PostgreSQL
 * refuses (SQLSTATE class 22: out of range, invalid text, impossible date; 23: a duplicate, a missing
 * reference, a check) was refused before anything was written, so it is the caller's request that is at
 * fault: 4xx, never 500. Each one is logged as a warning, since it means a schema should have said so first.
 */
export function databaseRefusal(err: unknown): { status: number; code: string; detail: string; sqlState: string } | undefined {
  const e = err as { code?: unknown; severity?: unknown; message?: string };
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined) return undefined;
  const c = e.code;
  if (c === '23505') return { status: 409, code: 'conflict', detail: 'This already exists (another request may have created it at the same time).', sqlState: c };
  if (c === '23503') return { status: 409, code: 'invalid_reference', detail: 'The request refers to something that does not exist (any more), or something else still refers to it.', sqlState: c };
  if (c === '23514' || c === '23502' || c === '23P01') return { status: 400, code: 'invalid_value', detail: 'A value breaks a rule of its field.', sqlState: c };
  if (c.startsWith('22')) return { status: 400, code: 'invalid_value', detail: 'A value is out of range or not valid for its field (a number too large, a date that does not exist, text that cannot be stored).', sqlState: c };
  if (c === '54000') return { status: 400, code: 'too_long', detail: 'A value is too long to be stored or indexed.', sqlState: c };
  return undefined;
}

/**
 * The database cannot be reached or is not taking writes right now (the primary stopped, a failover in progress, a
 * pool exhausted, a write sent to a standby): the request was fine, so 503 with Retry-After, never 500. Nothing the
 * request wrote was committed (the transaction failed with its connection).
 */
export function databaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (administrator/crash shutdown, cannot connect now),
  // 53300 (too many connections), 25006 (a write on a read-only standby, e.g. just before a promotion)
  if (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300', '25006'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code)) return true;
  // node-postgres's own messages when a connection dies or the pool cannot get one
  return /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

// What busboy (under @fastify/multipart) throws on a body that is not well-formed multipart: plain Errors
// without a status code.
const MULTIPART_ERRORS = /boundary|unexpected end of (multipart data|form)|terminated early|malformed (part )?header|malformed content type|multipart/i;

function isMalformedMultipart(err: Error, req: FastifyRequest): boolean {
  const ct = req.headers['content-type'];
  return typeof ct === 'string' && ct.toLowerCase().includes('multipart/') && !(err as FastifyError).statusCode && MULTIPART_ERRORS.test(err.message);
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(problem);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { problem, headers } = problemOf(err, req);
    const refusal = databaseRefusal(err);
    if (refusal) req.log.warn({ err, sqlState: refusal.sqlState }, 'the database refused a value the input layer let through');
    if (problem.status >= 500) {
      if (isResponseSerializationError(err)) req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      else req.log.error({ err }, 'request failed');
    }
    return sendProblem(reply, problem, headers);
  });
}

/**
 * Errors Fastify's router raises before any route runs (a path with bad percent-encoding, a path parameter
 * longer than the router takes): problem+json like every other error (Fastify's option `frameworkErrors`).
 */
export function frameworkErrorProblem(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const code = err.code === 'FST_ERR_BAD_URL' ? 'bad_url' : err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : 'bad_request';
  const detail = code === 'bad_url' ? 'The path is not valid (bad percent-encoding).' : code === 'uri_too_long' ? 'A part of the path is too long.' : err.message;
  const path = (req.raw.url ?? '').split('?')[0] ?? '';
  return sendProblem(reply, { type: `urn:urbia:problem:${code}`, title: TITLES[status] ?? 'Error', status, detail, code, correlationId: req.id, instance: path.slice(0, 200) });
}
