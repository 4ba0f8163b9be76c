/**
 * What every part of the strategy service shares: its dependencies, who may edit, and the unit of work of a
 * staff write (the strategy checked, the change, its audit row and event, and the strategy's version bumped,
 * all in one transaction).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import type { Database } from '../../core/db.js';
import { AppError, notFound } from '../../core/errors.js';
import { emit, type EventMap } from '../../core/events.js';
import type { MetricsRegistry } from '../../core/metrics.js';
import type { NotificationsService } from '../notifications/index.js';
import { strategyPolicy } from './strategy.policy.js';
import type { StrategyPresenters } from './strategy.presenter.js';
import type { TenantRow } from '../tenants/index.js';
import type { StrategyEditRepository } from './strategy.edit.repository.js';
import type { StrategyIoRepository } from './strategy.io.repository.js';
import type { StrategyRepository } from './strategy.repository.js';
import './strategy.events.js';

export interface StrategyServiceDeps {
  repo: StrategyRepository;
  /** staff edits' SQL */
  edits: StrategyEditRepository;
  /** the document import/export's SQL */
  io: StrategyIoRepository;
  notifications: NotificationsService;
  metrics: MetricsRegistry;
  publicUrl: () => string;
  /**
   * The wire shapes the service API answers other modules in (a project or KPI summary, a measurement, the
   * tree), and the audit rows' snapshots: handed in by the routes (strategy.routes.ts), the one place that
   * imports presenters.
   */
  present: StrategyPresenters;
}

/** how long a computed metric value, the tree and a KPI list are reused */
export const METRIC_TTL_MS = 60_000;
/** how many presented project pages and KPI lists (city × filters) are kept; a page of 100 is about 100 KB of text */
export const LISTS_KEPT = 128;
/** A cache key for a list: the city and its filters in a fixed order. */
export const listKey = (tenantId: number, filters: object) => `${tenantId}|${JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))}`;
/** how many presented project and KPI pages (city × code) are kept; a page is a few KB of text */
export const PAGES_KEPT = 1000;
export { withAbilities, withFields } from '../../core/http.js';

/** Today as YYYY-MM-DD (UTC). */
export const today = () => new Date().toISOString().slice(0, 10);

/** The name a change is signed with. */
export function authorName(actor: Actor): string {
  if (actor.kind === 'user') return actor.user.displayName;
  if (actor.kind === 'api_key') return 'API key';
  return 'Urbia';
}

export abstract class StrategyWriter {
  constructor(protected readonly deps: StrategyServiceDeps) {}

  protected get repo() {
    return this.deps.repo;
  }
  protected get edits() {
    return this.deps.edits;
  }
  protected get present() {
    return this.deps.present;
  }

  canEdit(actor: Actor, tenantId: number): boolean {
    return strategyPolicy.edit(actor, tenantId);
  }

  /** Whether the caller follows a project or KPI (false for anyone not signed in): the notifications hub's, read per request. */
  protected following(kind: 'strategy.project' | 'strategy.kpi', tenantId: number, code: string, actor: Actor): Promise<boolean> {
    return actor.kind === 'user' ? this.deps.notifications.isFollowing(tenantId, kind, code, actor.user.id) : Promise.resolve(false);
  }

  /** What the caller may do on a project's or KPI's page. */
  protected pageAbilities(actor: Actor, tenantId: number) {
    return { edit: this.canEdit(actor, tenantId), follow: actor.kind === 'user' };
  }

  /** A staff write: 404 without a strategy; the strategy's version is bumped in the same transaction. */
  protected async write<T>(actor: Actor, tenant: TenantRow, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.repo.transaction(async (trx) => {
      const strategy = await this.repo.strategy(tenant.id, trx);
      if (!strategy) throw notFound('strategy');
      const result = await fn(trx);
      await this.touch(trx, tenant.id);
      return result;
    });
  }

  /**
   * Marks the strategy as changed. Every staff write goes through here (via `write` or `record`), so the
   * strategy's `updated_at` is the version the presented tree is cached under.
   */
  protected async touch(trx: Transaction<Database>, tenantId: number) {
    await this.edits.touch(trx, tenantId);
  }

  /** Codes of pillars, objectives and projects share one namespace (the document's rule). */
  protected async assertCodeFree(trx: Transaction<Database> | Kysely<Database>, tenantId: number, code: string): Promise<void> {
    if (await this.edits.nodeExists(trx, tenantId, code)) throw new AppError(409, 'code_taken', `The code "${code}" is already used in this strategy.`, [{ field: 'code', message: 'already used' }]);
  }

  protected async record<T extends keyof EventMap>(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, type: T, payload: EventMap[T], entity: { type: string; id: string; before?: unknown; after?: unknown }) {
    await this.touch(trx, tenant.id);
    await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: entity.type, entityId: entity.id, before: entity.before, after: entity.after });
    await emit(trx, type, payload, tenant.id);
  }
}
