/**
 * `urbia reports gazetteer import FILE --tenant SLUG [--append] [--skip-outside]`: load a city's address gazetteer from CSV
 * (label,lat,lon[,kind]) — all rows or none; every error names its line and field — with a progress bar
 * (progress lines when the output is not a terminal).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { SYSTEM } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import type { CliContext } from '../cli.js';
import type { ReportsService } from './reports/reports.service.js';

export function reportsCli(program: Command, ctx: CliContext): void {
  const cmd = program.command('reports').description('problem reports: the address gazetteer');
  const gazetteer = cmd.command('gazetteer').description("the city's address gazetteer (streets, places, addresses for \"type an address\")");
  gazetteer
    .command('import')
    .description("load a gazetteer CSV (label,lat,lon[,kind: street|place|address]); replaces the city's gazetteer unless --append")
    .argument('<file>', 'CSV file, e.g. the city address register or an OpenStreetMap extract')
    .requiredOption('--tenant <slug>', 'the city, e.g. timisoara')
    .option('--append', 'add to the existing gazetteer instead of replacing it')
    .option('--skip-outside', "skip (and count) rows outside the city's boundary instead of refusing the file, for a metropolitan file loaded city by city")
    .option('--quiet', 'no progress output')
    .action(async (file: string, opts: { tenant: string; append?: boolean; skipOutside?: boolean; quiet?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      await ctx.withServices(ctx.config(), async (built) => {
        const reports = (built.modules as { reports?: ReportsService }).reports;
        if (!reports) throw new Error('the reports module is not registered');
        const tenant = await built.services.tenants.bySlug(opts.tenant).catch(() => {
          throw new InvalidArgumentError(`--tenant: no city "${opts.tenant}"`);
        });
        const tty = !opts.quiet && process.stderr.isTTY;
        const bar = tty ? new SingleBar({ format: 'Storing |{bar}| {percentage}% | {value}/{total} rows', stream: process.stderr }, Presets.shades_classic) : null;
        let lastTenth = -1;
        const onProgress = (done: number, total: number) => {
          if (opts.quiet) return;
          if (bar) {
            if (done === Math.min(1000, total)) bar.start(total, 0);
            bar.update(done);
            return;
          }
          const tenth = Math.floor((done / total) * 10);
          if (tenth !== lastTenth) {
            lastTenth = tenth;
            ctx.err(`stored ${done}/${total} rows (${Math.round((done / total) * 100)} %)`);
          }
        };
        try {
          if (!opts.quiet) ctx.err(`Checking ${file}…`);
          const r = await reports.gazetteer.import(SYSTEM, tenant, text, { append: opts.append, skipOutside: opts.skipOutside, source: basename(file), onProgress });
          bar?.stop();
          ctx.out(`${r.replaced ? 'Replaced' : 'Extended'} the gazetteer of ${tenant.slug}: ${r.rows} rows from ${file}${r.skippedOutside ? ` (${r.skippedOutside} rows outside the city skipped)` : ''}.`);
        } catch (e) {
          bar?.stop();
          if (!(e instanceof AppError) || !e.errors) throw e;
          ctx.err(`${file}: nothing was stored; fix these and run the import again:`);
          for (const fe of e.errors) ctx.err(`  ${fe.message}`);
          process.exitCode = 1;
        }
      });
    });
}
