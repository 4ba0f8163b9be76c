/**
 * The strategy module: a city's smart city strategy as live, public, versioned data (pillars, objectives,
 * projects and open actions, KPIs with measurements, revisions), the two real strategies loaded by the
 * demo, and `urbia strategy validate|import|export`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { ROOT_DIR } from '../../core/version.js';
import { defineModule } from '../module.js';
import { strategyDatasets } from './strategy.datasets.js';
import { strategyPersonalData } from './strategy.personal-data.repository.js';
import { seedTenants } from '../tenants/index.js';
import { checkStrategyFile } from './check-document.js';
import { strategyJsonSchema } from './strategy.document.js';
import { StrategyEditRepository } from './strategy.edit.repository.js';
import { StrategyIoRepository } from './strategy.io.repository.js';
import { StrategyRepository } from './strategy.repository.js';
import { strategyPresenters, strategyRoutes } from './strategy.routes.js';
import { StrategyService } from './strategy.service.js';
import { strategyPolicy } from './strategy.policy.js';
import { registerStrategyNotices, strategyFollowables } from './strategy.notices.js';
import './strategy.tables.js';
import './strategy.events.js';

export { StrategyService } from './strategy.service.js';
export { PROJECT_STATUS_TEXT } from './projects/project-status.js';
export { projectPath } from './projects/project-path.js';
export { StrategyDocument, MaturityMatrix, describeIssues } from './strategy.document.js';
export { evaluateKpi, targetValue } from './strategy.kpi.js';
export { normalizeSearch } from './strategy.search.js';
export { PROJECT_STATUSES } from './strategy.schemas.js';
export type { ProjectStatus, ProjectSummaryT, KpiSummaryT, ProjectCreateInput, ProjectListFilters, KpiListFilters } from './strategy.schemas.js';

declare module '../module.js' {
  interface ModuleServices {
    strategy: StrategyService;
  }
}

/** The real strategies shipped with Urbia, loaded by the demo. */
export const STRATEGY_FILES = ['data/strategies/timisoara-2022-2027.json', 'data/strategies/baia-mare-2030.json'];

export const strategyModule = defineModule({
  name: 'strategy',
  datasets: (service) => strategyDatasets(service),
  abilities: { edit: strategyPolicy.edit },
  create: (ctx) => {
    const hub = ctx.core.notifications;
    const repo = new StrategyRepository(ctx.db, (tenantId, codes, q) => hub.followerCounts(tenantId, 'strategy.project', codes, q));
    registerStrategyNotices(hub, repo, ctx.core.tenants);
    return new StrategyService({ repo, edits: new StrategyEditRepository(), io: new StrategyIoRepository(), notifications: hub, metrics: ctx.metrics, publicUrl: ctx.publicUrl, present: strategyPresenters });
  },
  followables: (service) => strategyFollowables(service),
  routes: (app, service) => strategyRoutes(app, service),
  overview: (service, tenant) => service.overview(tenant),
  personalData: { export: (_ctx, userId, trx) => strategyPersonalData(trx, userId) },
  demo: [
    {
      name: 'the Timișoara and Baia Mare strategies',
      async run(ctx, service) {
        for (const file of STRATEGY_FILES) {
          const json = JSON.parse(readFileSync(join(ROOT_DIR, file), 'utf8')) as { tenant: string };
          const tenant = await ctx.built.services.tenants.bySlug(json.tenant);
          // Idempotent: a document identical to the one last imported is skipped; a changed one replaces it
          // in one transaction.
          const r = await service.importDocument(SYSTEM, tenant, json, { skipIfSame: true });
          ctx.log(`    ${json.tenant}: ${r.skipped ? 'already loaded' : `loaded ${r.counts!.projects} projects, ${r.counts!.kpis} KPIs`}`);
        }
      },
    },
  ],
  cli(program, ctx) {
    const cmd = program.command('strategy').description('the strategy registry: validate, import and export strategy documents');
    cmd
      .command('validate')
      .description('check a strategy document (JSON) against the schema; prints the JSON path of each error')
      .argument('<file>', 'the strategy document')
      .action((file: string) => {
        const r = checkStrategyFile(file);
        if (r.ok) ctx.out(`${file}: OK — ${r.summary}`);
        else {
          ctx.err(`${file}: ${r.errors.length} error(s)`);
          for (const e of r.errors) ctx.err(`  ${e.path}: ${e.message}`);
          process.exitCode = 1;
        }
      });
    cmd
      .command('schema')
      .description('write the JSON Schema of the strategy document (default: data/strategies/strategy.schema.json)')
      .option('-o, --output <file>', 'where to write it', join(ROOT_DIR, 'data/strategies/strategy.schema.json'))
      .action((opts: { output: string }) => {
        writeFileSync(opts.output, JSON.stringify(strategyJsonSchema(), null, 2) + '\n');
        ctx.out(`Wrote ${opts.output}.`);
      });
    cmd
      .command('import')
      .description("import a strategy document as a city's strategy (replaces the current one in one transaction)")
      .argument('<file>', 'the strategy document')
      .requiredOption('--tenant <slug>', 'the city, e.g. timisoara')
      .option('--if-changed', 'skip when the same document was already imported')
      .action(async (file: string, opts: { tenant: string; ifChanged?: boolean }) => {
        const checked = checkStrategyFile(file);
        if (!checked.ok) {
          ctx.err(`${file}: ${checked.errors.length} error(s); nothing imported`);
          for (const e of checked.errors) ctx.err(`  ${e.path}: ${e.message}`);
          process.exitCode = 1;
          return;
        }
        ctx.out(`${file}: valid — ${checked.summary}`);
        await ctx.withServices(ctx.config(), async (built) => {
          const service = built.modules.strategy!;
          let tenant = await built.services.tenants.bySlug(opts.tenant).catch(() => undefined);
          if (!tenant) {
            await seedTenants(built.services.tenants);
            tenant = await built.services.tenants.bySlug(opts.tenant).catch(() => undefined);
          }
          if (!tenant) {
            ctx.err(`no city "${opts.tenant}"`);
            process.exitCode = 1;
            return;
          }
          const started = Date.now();
          ctx.out(`Importing into ${tenant.slug}…`);
          try {
            const r = await service.importDocument(SYSTEM, tenant, JSON.parse(readFileSync(file, 'utf8')), { skipIfSame: !!opts.ifChanged, progress: ctx.out });
            ctx.out(r.skipped ? `Unchanged since the last import; nothing to do.` : `Imported in ${Date.now() - started} ms.`);
          } catch (e) {
            if (e instanceof AppError) {
              ctx.err(`${e.message} Nothing imported.`);
              for (const f of e.errors ?? []) ctx.err(`  ${f.field}: ${f.message}`);
              process.exitCode = 1;
              return;
            }
            throw e;
          }
        });
      });
    cmd
      .command('export')
      .description("write a city's strategy as a strategy document (JSON) to stdout or a file")
      .requiredOption('--tenant <slug>', 'the city, e.g. timisoara')
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .action(async (opts: { tenant: string; output?: string }) => {
        await ctx.withServices(ctx.config(), async (built) => {
          const tenant = await built.services.tenants.bySlug(opts.tenant);
          const doc = await built.modules.strategy!.exportDocument(tenant);
          const text = JSON.stringify(doc, null, 2) + '\n';
          if (opts.output) {
            writeFileSync(opts.output, text);
            ctx.err(`Wrote ${opts.output}: ${doc.pillars.length} pillars, ${doc.projects.length} projects, ${doc.kpis.length} KPIs.`);
          } else process.stdout.write(text);
        });
      });
  },
});
