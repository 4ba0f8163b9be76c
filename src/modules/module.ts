/**
 * The contract a feature module fulfils to plug into the platform. `src/modules/registry.ts` lists the
 * modules in dependency order; app.ts creates each one's service, registers its routes and event handlers,
 * and the demo and CLI pick up its demo steps and commands. Adding a module is one line in the registry.
 */
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../core/config.js';
import type { Db, Engine } from '../core/db.js';
import type { OutboxWorker } from '../core/events.js';
import type { AppInstance } from '../core/http.js';
import type { MetricsRegistry } from '../core/metrics.js';
import type { AuditRepository } from './audit/index.js';
import type { NotificationsService } from './notifications/index.js';
import type { TenantsService } from './tenants/index.js';
import type { UsersService } from './users/index.js';
import type { CliContext } from './cli.js';
import type { DemoContext } from '../demo.js';

/** The core services every module may use. */
export interface CoreServices {
  tenants: TenantsService;
  users: UsersService;
  notifications: NotificationsService;
  audit: AuditRepository;
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
  core: CoreServices;
  /** the services of the modules created before this one */
  modules: Partial<ModuleServices>;
  metrics: MetricsRegistry;
  worker: OutboxWorker;
  log: FastifyBaseLogger;
  /** the base URL for absolute links (emails, feeds, DCAT) */
  publicUrl(): string;
}

export interface UrbiaModule<K extends keyof ModuleServices = keyof ModuleServices> {
  name: K;
  /** creates the module's service; register metrics and event handlers here */
  create(ctx: ModuleContext): ModuleServices[K] | Promise<ModuleServices[K]>;
  /** registers the module's HTTP routes */
  routes?(app: AppInstance, service: ModuleServices[K], ctx: ModuleContext): Promise<void>;
  /** demo data loaded by `npm start` (idempotent) */
  demo?: { name: string; run(ctx: DemoContext, service: ModuleServices[K]): Promise<void> }[];
  /** `urbia <command>` subcommands */
  cli?(program: Command, ctx: CliContext): void;
}

/** Any module, as the registry holds them (the service type is checked where each module is defined). */
export interface AnyUrbiaModule {
  name: string;
  create(ctx: ModuleContext): unknown;
  routes?(app: AppInstance, service: never, ctx: ModuleContext): Promise<void>;
  demo?: { name: string; run(ctx: DemoContext, service: never): Promise<void> }[];
  cli?(program: Command, ctx: CliContext): void;
}

/** Helps TypeScript check a module definition against its service type. */
export function defineModule<K extends keyof ModuleServices>(m: UrbiaModule<K>): UrbiaModule<K> {
  return m;
}
