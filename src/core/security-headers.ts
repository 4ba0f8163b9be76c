/**
 * Helmet's security headers, computed once. `@fastify/helmet` builds a helmet middleware on every request
 * (parsing the CSP directives again each time: about 10 % of a small request's CPU in a profile); our
 * headers never vary per request (no CSP nonces), so helmet runs once against a recording response and
 * every reply gets the same header set.
 */
import helmet, { type HelmetOptions } from 'helmet';

export function staticSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader(name: string) {
      return headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({ headers: {} } as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  // helmet's middleware is synchronous; if a future version is not, fail at start rather than send nothing
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}
