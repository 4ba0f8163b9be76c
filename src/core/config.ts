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
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
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
  URBIA_GEOCODER_URL: z.url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
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
}

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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.URBIA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    tileUrl: e.URBIA_TILE_URL === 'none' ? null : e.URBIA_TILE_URL,
    tileAttribution: e.URBIA_TILE_ATTRIBUTION,
    rateLimits: e.URBIA_RATE_LIMITS,
    geocoderUrl: e.URBIA_GEOCODER_URL,
  };
}
