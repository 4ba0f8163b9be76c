/**
 * The contract a feature module fulfils to plug into the platform. `src/modules/registry.ts` lists the
 * modules in dependency order; app.ts creates each one's service, registers its routes and event handlers,
 * and the demo and CLI pick up its demo steps and commands. Adding a module is one line in the registry.
 */
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import type { AbilityChecks, Abilities } from '../core/abilities.js';
import type { Actor } from '../core/actor.js';
import type { Storage } from '../core/storage.js';
import type { Config } from '../core/config.js';
import type { Transaction } from 'kysely';
import type { Database, Db, Engine } from '../core/db.js';
import type { OutboxWorker } from '../core/events.js';
import type { AppInstance } from '../core/http.js';
import type { MetricsRegistry } from '../core/metrics.js';
import type { AuditService } from './audit/index.js';
import type { Channels, Followable, Mailer, NotificationsService } from './notifications/index.js';
import type { PlatformDatasetDef } from './opendata/index.js';
import type { RateLimitCounter } from '../core/ratelimit.repository.js';
import type { TenantRow, TenantsService } from './tenants/index.js';
import type { UsersService } from './users/index.js';
import type { Multiloc } from '../core/i18n.js';
import type { CliContext } from './cli.js';
import type { DemoContext } from '../demo.js';

/** The core services every module may use. */
export interface CoreServices {
  tenants: TenantsService;
  users: UsersService;
  notifications: NotificationsService;
  audit: AuditService;
}

/**
 * What the core modules (tenants, notifications, users, audit) are made from: the infrastructure app.ts opens
 * from the configuration, and the core services made before them. They come before every feature module, in
 * the order of `CORE_MODULES` (src/modules/registry.ts).
 */
export interface CoreContext {
  db: Db;
  config: Config;
  worker: OutboxWorker;
  log: FastifyBaseLogger;
  publicUrl(): string;
  /** the core services made so far */
  core: Partial<CoreServices>;
  /** counts failed sign-ins across processes (none when rate limits are off) */
  loginLimiter: RateLimitCounter | undefined;
  /** the e-mail transport and the other delivery channels (push, SMS) */
  mailer: Mailer;
  channels: Channels;
  /** every module's city-wide abilities (core and feature modules), gathered by app.ts from the registry */
  abilities: Abilities;
}

/** A core module's manifest: its service, and its routes (which may use every core service). */
export interface CoreModule<K extends keyof CoreServices = keyof CoreServices> {
  name: K;
  create(ctx: CoreContext): CoreServices[K];
  routes?(app: AppInstance, core: CoreServices, ctx: CoreContext): Promise<void>;
  /** city-wide abilities, as for a feature module (UrbiaModule.abilities) */
  abilities?: AbilityChecks;
}

/** Any core module, as the registry holds them. */
export interface AnyCoreModule {
  name: keyof CoreServices;
  create(ctx: CoreContext): unknown;
  routes?(app: AppInstance, core: CoreServices, ctx: CoreContext): Promise<void>;
  abilities?: AbilityChecks;
}

export function defineCoreModule<K extends keyof CoreServices>(m: CoreModule<K>): CoreModule<K> {
  return m;
}

/**
 * Feature modules' public service APIs, by module name. Each module adds its entry by declaration merging
 * (`declare module '../module.js' { interface ModuleServices { strategy: StrategyService } }`), so a module
 * that uses another gets it typed, and only through its service API.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleServices {}

export interface ModuleContext {
  db: Db;
  engine: Engine;
  config: Config;
  /** where uploads live (local directory or S3): src/core/storage.ts */
  storage: Storage;
  core: CoreServices;
  /** the services of the modules created before this one */
  modules: Partial<ModuleServices>;
  metrics: MetricsRegistry;
  worker: OutboxWorker;
  log: FastifyBaseLogger;
  /** the base URL for absolute links (emails, feeds, DCAT) */
  publicUrl(): string;
  /** every module's manifest, for modules that gather contributions (the staff console, the city overview) */
  manifests: readonly AnyUrbiaModule[];
}

/**
 * A number the staff console shows on a tool, e.g. reports to triage. `key` is the module's own name for it
 * (the console prefixes the module name); its label is the web module's `<module>.console.<key>` string.
 */
export interface ConsoleCounter {
  key: string;
  count: number;
  /** `attention` when something is late or waiting on staff */
  tone: 'info' | 'attention';
}

/** One headline figure of the city overview; its label is the web module's `<module>.overview.<block>.<key>`. */
export interface OverviewFigure {
  key: string;
  value: number | null;
  unit?: 'days' | 'percent' | 'ugm3' | 'count' | undefined;
  /** a level the web module labels as `<module>.band.<band>` (e.g. the air quality band "good") */
  band?: string | null | undefined;
}

/**
 * A block of the city page's overview (e.g. the strategy's progress): a few figures and items, each linking to
 * a page under /{city}/. `headline` names the figure shown on the home page's line for the city.
 */
export interface OverviewBlock {
  key: string;
  path: string;
  figures: OverviewFigure[];
  items?: { title: Multiloc; path: string; date?: string | null | undefined }[] | undefined;
  headline?: string | undefined;
}

/** A file of the person's own (a photo they uploaded, a document), read only when the export is built. */
export interface PersonalDataFile {
  /** the path inside the module's folder of the ZIP, e.g. `photos/<report id>-1.jpg` */
  name: string;
  read(): Promise<Uint8Array>;
}

/** What a module holds about one person, for their data export (GDPR Art. 15 and 20). */
export interface PersonalDataPart {
  /** the file name in the ZIP (`<name>.json`) and the key in `data.json`; usually the module's name */
  name: string;
  /** plain JSON: the person's own rows, without other people's personal data or secrets */
  data: unknown;
  files: PersonalDataFile[];
}

export interface UrbiaModule<K extends keyof ModuleServices = keyof ModuleServices> {
  name: K;
  /** creates the module's service; register metrics and event handlers here */
  create(ctx: ModuleContext): ModuleServices[K] | Promise<ModuleServices[K]>;
  /** registers the module's HTTP routes */
  routes?(app: AppInstance, service: ModuleServices[K], ctx: ModuleContext): Promise<void>;
  /**
   * demo data loaded by `npm start` (`run`, idempotent) and what the demo does in the serving process
   * (`serve`, e.g. a live feed): run after `run`, or alone when a child process has just loaded the data
   */
  demo?: { name: string; run(ctx: DemoContext, service: ModuleServices[K]): Promise<void>; serve?(ctx: DemoContext, service: ModuleServices[K]): Promise<void> | void }[];
  /** `urbia <command>` subcommands */
  cli?(program: Command, ctx: CliContext): void;
  /** counters for the staff console (called only for someone with a staff role in the city) */
  console?(service: ModuleServices[K], tenant: TenantRow, actor: Actor): Promise<ConsoleCounter[]>;
  /** public headline figures for the city page and the home page (nothing staff-only) */
  overview?(service: ModuleServices[K], tenant: TenantRow): Promise<OverviewBlock[]>;
  /**
   * What the module stores about a person, for their data export; read inside the export's one transaction
   * (`trx`, never the pool). Every module that stores personal data implements it.
   */
  personalData?: { export(ctx: { service: ModuleServices[K]; module: ModuleContext }, userId: string, trx: Transaction<Database>): Promise<PersonalDataPart> };
  /** the kinds of thing a person can follow in this module (`/api/v1/me/follows`), with their existence check */
  followables?(service: ModuleServices[K], ctx: ModuleContext): Record<string, Followable>;
  /**
   * The module's open datasets, generated from its service on request; the open-data module gathers them at the
   * catalogue's first use, when every module has its service (its place in the registry does not matter).
   */
  datasets?(service: ModuleServices[K]): PlatformDatasetDef[];
  /**
   * What a person may do city-wide in this module, verb → one of the module's policy functions (never a role
   * rule written here); `/api/v1/auth/me` sends each as `<module>.<verb>` for every city the person belongs
   * to, and the web's `useCan` reads them. Name a verb after the action the server checks.
   */
  abilities?: AbilityChecks;
}

/** Any module, as the registry holds them (the service type is checked where each module is defined). */
export interface AnyUrbiaModule {
  name: string;
  create(ctx: ModuleContext): unknown;
  routes?(app: AppInstance, service: never, ctx: ModuleContext): Promise<void>;
  demo?: { name: string; run(ctx: DemoContext, service: never): Promise<void>; serve?(ctx: DemoContext, service: never): Promise<void> | void }[];
  cli?(program: Command, ctx: CliContext): void;
  console?(service: never, tenant: TenantRow, actor: Actor): Promise<ConsoleCounter[]>;
  overview?(service: never, tenant: TenantRow): Promise<OverviewBlock[]>;
  personalData?: { export(ctx: { service: never; module: ModuleContext }, userId: string, trx: Transaction<Database>): Promise<PersonalDataPart> };
  followables?(service: never, ctx: ModuleContext): Record<string, Followable>;
  datasets?(service: never): PlatformDatasetDef[];
  abilities?: AbilityChecks;
}

/** Helps TypeScript check a module definition against its service type. */
export function defineModule<K extends keyof ModuleServices>(m: UrbiaModule<K>): UrbiaModule<K> {
  return m;
}
