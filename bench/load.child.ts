/**
 * The load generator in a process of its own (see `loadApart` in lib.ts): clients of a real server are
 * elsewhere, and autocannon sharing the server's event loop would measure the two together.
 * argv[2]: JSON { url, connections, seconds, method?, headers?, body?, bodies?: { module, params } } where
 * `bodies.module` exports `makeSetupRequest(params)` returning autocannon's per-request `setupRequest`.
 */
import autocannon from 'autocannon';

interface Spec {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  bodies?: { module: string; params: unknown };
}

const spec = JSON.parse(process.argv[2]!) as Spec;
const method = spec.method ?? 'GET';
let requests: autocannon.Request[] | undefined;
if (spec.bodies) {
  const m = (await import(spec.bodies.module)) as { makeSetupRequest(params: unknown): autocannon.Request['setupRequest'] };
  requests = [{ method, ...(spec.headers ? { headers: spec.headers } : {}), setupRequest: m.makeSetupRequest(spec.bodies.params) }];
}
const r = await autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, method, headers: spec.headers, body: spec.body, ...(requests ? { requests } : {}) });
process.stdout.write(JSON.stringify({ requests: { average: r.requests.average }, latency: { p50: r.latency.p50, p99: r.latency.p99 }, non2xx: r.non2xx, errors: r.errors }));
