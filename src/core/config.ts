/**
 * The one place where configuration is read. Every setting comes from an environment variable, is validated
 * here, and has a safe default, so `npm start` works with none set. A bad value stops start-up with a
 * message naming the variable (see ConfigError).
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);
const Bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  PORT: Port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  URBIA_DATA_DIR: z.string().min(1).default('./.urbia'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** a direct connection to the primary (not through PgBouncer) for LISTEN and migrations; default DATABASE_URL */
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** a streaming replica for reads that may be a moment stale (docs/scaling.md) */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** the replica is read only while it is at most this far behind the primary */
  DATABASE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // PGlite's buffer cache (PostgreSQL's shared_buffers). PGlite's default, 128 MB, lives in its WASM memory
  // for the life of the process; 32 MB holds the demo's hot pages and keeps an idle server small (issue 18).
  URBIA_PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size such as 32MB').default('32MB'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Urbia <no-reply@urbia.local>'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx): TrustProxy => {
      const s = v.trim().toLowerCase();
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      // `true` trusts exactly one hop (the proxy in front of us): never the client-supplied left end.
      if (['true', 'yes', 'on'].includes(s)) return 1;
      if (/^\d{1,2}$/.test(s)) return Number(s);
      const list = s.split(',').map((x) => x.trim()).filter(Boolean);
      const bad = list.filter((x) => {
        const [addr, bits] = x.split('/');
        const family = isIP(addr ?? '');
        return family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
      });
      if (list.length === 0 || bad.length) ctx.addIssue({ code: 'custom', message: `must be true, false, a hop count, or proxy addresses/CIDRs separated by commas (not: ${bad.join(', ')})` });
      return list;
    }),
  /** a tile URL template for the maps, or "none" for maps without a background (offline, tests) */
  URBIA_TILE_URL: z.union([z.literal('none'), z.string().regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be a URL template with {z}, {x} and {y}, or "none"')]).default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  URBIA_TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  URBIA_RATE_LIMITS: Bool.default(true),
  /** a Nominatim-compatible geocoder (its base URL) asked when a city's own gazetteer has no match; unset = off */
  /** push services and SMS gateways may be plain http:// (a test stub, a gateway inside the city's network) */
  URBIA_CHANNELS_ALLOW_HTTP: Bool.default(false),
  /** seconds an outbox event claimed by a process stays hidden from the others (a crashed process's claims are due again after it) */
  URBIA_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  URBIA_GEOCODER_URL: z.url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
  /** where uploads live: `local` (under URBIA_DATA_DIR) or `s3` (an S3-compatible bucket, S3_* below) */
  URBIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** an S3-compatible endpoint (MinIO, Garage, Ceph RGW, …); unset = AWS S3 in S3_REGION */
  S3_ENDPOINT: z.url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens)').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be a region name such as eu-central-1').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** path-style URLs (http://host/bucket/key): what most S3-compatible servers need */
  S3_FORCE_PATH_STYLE: Bool.default(false),
  /** a Redis or Valkey server for the rate-limit counters (shared by every app process); unset = the database */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** PGlite's shared_buffers, e.g. "32MB" (the embedded engine only) */
  pgliteSharedBuffers: string;
  /** the primary without a pooler in between (LISTEN, migrations); equals databaseUrl unless set */
  databaseDirectUrl: string | undefined;
  databaseReplicaUrl: string | undefined;
  databaseReplicaMaxLagMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** false, a number of trusted hops, or the trusted proxies' addresses/CIDRs (the client is the right-most untrusted hop) */
  trustProxy: TrustProxy;
  tileUrl: string | null;
  tileAttribution: string;
  rateLimits: boolean;
  geocoderUrl?: string | undefined;
  /** push services and SMS gateways may be plain http:// */
  channelsAllowHttp?: boolean;
  /** seconds a claimed outbox event stays hidden from other passes (default 300) */
  outboxLeaseSeconds?: number;
  /** where uploads live (src/core/storage.ts) */
  storage: StorageConfig;
  /** a Redis/Valkey server for the rate-limit counters; undefined = the database */
  redisUrl?: string | undefined;
}

export type StorageConfig =
  | { backend: 'local' }
  | { backend: 's3'; s3: { endpoint: string | undefined; bucket: string; region: string; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean } };

export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from `env` (process.env by default); throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (e.URBIA_STORAGE === 's3') {
    if (!e.S3_BUCKET) problems.push({ variable: 'S3_BUCKET', message: 'required when URBIA_STORAGE=s3' });
    // both or neither: neither = the SDK's own chain (instance role, AWS_* variables, ~/.aws)
    if (!!e.S3_ACCESS_KEY_ID !== !!e.S3_SECRET_ACCESS_KEY)
      problems.push({ variable: e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither' });
  }
  if (problems.length) throw new ConfigError(problems);
  const storage: StorageConfig =
    e.URBIA_STORAGE === 's3'
      ? { backend: 's3', s3: { endpoint: e.S3_ENDPOINT, bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE } }
      : { backend: 'local' };
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.URBIA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    pgliteSharedBuffers: e.URBIA_PGLITE_SHARED_BUFFERS,
    databaseDirectUrl: e.DATABASE_URL ? (e.DATABASE_DIRECT_URL ?? e.DATABASE_URL) : undefined,
    databaseReplicaUrl: e.DATABASE_URL ? e.DATABASE_REPLICA_URL : undefined,
    databaseReplicaMaxLagMs: e.DATABASE_REPLICA_MAX_LAG_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    tileUrl: e.URBIA_TILE_URL === 'none' ? null : e.URBIA_TILE_URL,
    tileAttribution: e.URBIA_TILE_ATTRIBUTION,
    rateLimits: e.URBIA_RATE_LIMITS,
    geocoderUrl: e.URBIA_GEOCODER_URL,
    channelsAllowHttp: e.URBIA_CHANNELS_ALLOW_HTTP,
    outboxLeaseSeconds: e.URBIA_OUTBOX_LEASE_SECONDS,
    storage,
    redisUrl: e.REDIS_URL,
  };
}
