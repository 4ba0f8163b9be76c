/**
 * The one error model. Services throw AppError through these factories; the error handler in
 * `core/http.ts` turns every error into RFC 9457 `application/problem+json` and hides 5xx details.
 */

export interface FieldError {
  /** the field's path, e.g. "email" or "items[2].value" (JSON-pointer-like, readable by people) */
  field: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly errors?: FieldError[],
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const badRequest = (message: string, errors?: FieldError[]) => new AppError(400, 'bad_request', message, errors);
export const validationFailed = (errors: FieldError[], message = 'The request is not valid.') =>
  new AppError(400, 'validation_failed', message, errors);
export const unauthorized = (message = 'Sign in to do this.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'resource') => new AppError(404, 'not_found', `The ${what} was not found.`);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const tooLarge = (message = 'The request is too large.') => new AppError(413, 'too_large', message);
export const unsupportedMediaType = (message: string) => new AppError(415, 'unsupported_media_type', message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s.`, undefined, {
    'retry-after': String(retryAfterSeconds),
  });
export const unavailable = (message = 'The service is temporarily unavailable.') => new AppError(503, 'unavailable', message);

/** PostgreSQL's unique_violation, on either engine: the usual way a race between two requests shows up. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
}

/**
 * Runs `work` and throws `duplicate()` (a 409 naming what already exists) instead of the unique violation it
 * may hit: the database is the one that settles a race on a unique key, so every create states its rule once
 * here rather than wrapping the insert in its own try/catch.
 */
export async function unlessDuplicate<T>(duplicate: () => Error, work: () => Promise<T>, constraint?: string): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e, constraint)) throw duplicate();
    throw e;
  }
}
