/**
 * The staff console and the city overview gather what the feature modules contribute through their manifests
 * (`console` counters and `overview` blocks, see ../module.ts): this module knows no other module by name.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../core/actor.js';
import { TtlCache } from '../../core/cache.js';
import type { AnyUrbiaModule, ConsoleCounter, ModuleServices, OverviewBlock } from '../module.js';
import type { TenantRow, TenantsService } from '../tenants/index.js';

export interface ConsoleDeps {
  manifests: readonly AnyUrbiaModule[];
  modules: Partial<ModuleServices>;
  tenants: TenantsService;
  log: FastifyBaseLogger;
}

export type ModuleCounter = ConsoleCounter & { module: string };
export type ModuleBlock = OverviewBlock & { module: string };

/** Public overviews are kept this long per city: every visitor of a city page asks the same question. */
export const OVERVIEW_TTL_MS = 60_000;

export class ConsoleService {
  private readonly overviewCache = new TtlCache<number, { blocks: ModuleBlock[]; unavailable: string[] }>(200, OVERVIEW_TTL_MS);
  constructor(private readonly deps: ConsoleDeps) {}

  /**
   * Every module's counters for a city's staff. A module that fails is logged and named in `unavailable`;
   * the others are still shown, so one broken module does not hide the whole console.
   */
  async counters(actor: Actor, tenant: TenantRow): Promise<{ counters: ModuleCounter[]; unavailable: string[] }> {
    const parts = await this.gather('console', (m, svc) => m.console!(svc as never, tenant, actor));
    return { counters: parts.values.flatMap(({ module, value }) => value.map((c) => ({ module, ...c }))), unavailable: parts.failed };
  }

  /** The city page's blocks, in the registry's module order (public figures only). */
  overview(tenant: TenantRow): Promise<{ blocks: ModuleBlock[]; unavailable: string[] }> {
    return this.overviewCache.get(tenant.id, () =>
      this.gather('overview', (m, svc) => m.overview!(svc as never, tenant)).then((parts) => ({
        blocks: parts.values.flatMap(({ module, value: blocks }) => blocks.map((b) => ({ module, ...b }))),
        unavailable: parts.failed,
      })),
    );
  }

  /** One line per city for the home page: the headline figure of each block that names one. */
  async headlines(): Promise<{ tenant: string; figures: (OverviewBlock['figures'][number] & { module: string; block: string; path: string })[] }[]> {
    const cities = (await this.deps.tenants.list()).filter((t) => t.kind === 'city');
    return Promise.all(
      cities.map(async (t) => {
        const { blocks } = await this.overview(t);
        const figures = blocks.flatMap((b) => {
          const f = b.headline ? b.figures.find((x) => x.key === b.headline) : undefined;
          return f ? [{ ...f, module: b.module, block: b.key, path: b.path }] : [];
        });
        return { tenant: t.slug, figures };
      }),
    );
  }

  /** Drops cached overviews (tests, and after a change that should show at once). */
  forget(): void {
    this.overviewCache.clear();
  }

  private async gather<T>(hook: 'console' | 'overview', call: (m: AnyUrbiaModule, svc: unknown) => Promise<T>) {
    const withHook = this.deps.manifests.filter((m) => m[hook] && (this.deps.modules as Record<string, unknown>)[m.name] !== undefined);
    const settled = await Promise.allSettled(withHook.map((m) => call(m, (this.deps.modules as Record<string, unknown>)[m.name])));
    const values: { module: string; value: T }[] = [];
    const failed: string[] = [];
    settled.forEach((r, i) => {
      const module = withHook[i]!.name;
      if (r.status === 'fulfilled') values.push({ module, value: r.value });
      else {
        failed.push(module);
        this.deps.log.warn({ err: r.reason, module, hook }, 'a module could not contribute to the console/overview');
      }
    });
    return { values, failed };
  }
}
