/**
 * The one way the web app talks to the server: JSON over fetch, the CSRF token on every write, and
 * problem+json errors turned into ApiError with the server's field errors. Response and request types come
 * from the server's OpenAPI document (schema.gen.ts, `npm run api:types`), never written by hand.
 */
import type { components, paths } from './schema.gen';

/** The server's named response schemas (zod schemas registered with an id), e.g. `Schemas['Tenant']`. */
export type Schemas = components['schemas'];
/** What a GET of the path answers with 200, e.g. `ApiGet<'/api/v1/tenants'>`. */
export type ApiGet<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer R } } } } } ? R : never;
/** The query parameters a GET of the path takes, e.g. a list page's filters. */
export type ApiQuery<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
/** The JSON body a method of the path takes. */
export type ApiBody<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P] extends Record<M, { requestBody?: { content: { 'application/json': infer B } } }> ? B : never;

export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
  /** the server's message for one field, for showing next to the input */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), credentials: 'same-origin' });
  if (res.status === 204 || res.status === 202) return null as T;
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.code ?? 'error', p.detail ?? res.statusText, p.errors ?? []);
  }
  return data as T;
}

/** A POST of a text body (e.g. a pabulib .pb file) with the CSRF token; JSON answer and errors as in `api()`. */
export async function apiText<T>(path: string, text: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/plain; charset=utf-8' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method: 'POST', body: text, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[] };
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
  return data as T;
}

/** A multipart/form-data POST (or PUT) for file uploads, with the CSRF token; errors as in `api()`. */
export async function apiForm<T>(path: string, form: FormData, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[] };
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
  return data as T;
}
