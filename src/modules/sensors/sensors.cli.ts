/**
 * `urbia sensors import FILE…`: historical CSV — Sensor.Community archive files (`;`-separated, wide or long
 * form) or our own batch CSV — in batches of 1,000 through the same write path as the API, with a progress
 * bar. `urbia sensors retention` runs the retention job once.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli.js';
import { type ArchiveRow, type CsvObservation, csvToObservations, parseArchiveRows, parseCsv } from './sensors.formats.js';
import type { BatchItem, SensorsService } from './sensors.service.js';

export function sensorsCli(program: Command, ctx: CliContext): void {
  const cmd = program.command('sensors').description('sensor data: import historical CSV, run the retention job');
  cmd
    .command('import')
    .description('import historical CSV files (Sensor.Community archive files or datastream,time,value CSV)')
    .argument('<files...>', 'CSV files')
    .requiredOption('--tenant <slug>', 'the city, e.g. timisoara')
    .option('--quiet', 'no progress bar')
    .action(async (files: string[], opts: { tenant: string; quiet?: boolean }) => {
      const cfg = ctx.config();
      await ctx.withServices(cfg, async (built) => {
        const sensors = (built.modules as { sensors?: SensorsService }).sensors;
        if (!sensors) throw new Error('the sensors module is not registered');
        const tenant = await built.services.tenants.bySlug(opts.tenant).catch(() => {
          throw new InvalidArgumentError(`--tenant: no city "${opts.tenant}"`);
        });
        const total = files.reduce((a, f) => a + statSync(f).size, 0);
        const bar = opts.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'Importing |{bar}| {percentage}% | {rows} rows | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
        bar?.start(total, 0, { rows: 0 });
        let done = 0;
        let rows = 0;
        let inserted = 0;
        let skipped = 0;
        for (const file of files) {
          const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
          let header: string[] | null = null;
          let headerLine = '';
          let chunk: string[] = [];
          const flush = async () => {
            if (!chunk.length || !header) return;
            const archive = header.includes('sensor_id') && header.includes('timestamp');
            if (archive) {
              const parsed = parseArchiveRows(parseCsv(chunk.join('\n'), ';'), header);
              skipped += parsed.skipped;
              for (let i = 0; i < parsed.rows.length; ) {
                // about 1,000 observations per write
                const batch: ArchiveRow[] = [];
                let n = 0;
                while (i < parsed.rows.length && n < 1000) {
                  n += parsed.rows[i]!.values.length;
                  batch.push(parsed.rows[i++]!);
                }
                const r = await sensors.importArchiveRows(tenant, batch);
                inserted += r.inserted;
              }
            } else {
              const errors: { field: string; message: string }[] = [];
              const obs: CsvObservation[] = csvToObservations(`${headerLine}\n${chunk.join('\n')}`, errors);
              if (errors.length) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
              for (let i = 0; i < obs.length; i += 1000) {
                const r = await sensors.ingestBatch(tenant, obs.slice(i, i + 1000) as BatchItem[]);
                inserted += r.inserted;
              }
            }
            rows += chunk.length;
            chunk = [];
            bar?.update(done, { rows });
          };
          for await (const line of lines) {
            done += Buffer.byteLength(line) + 1;
            if (!header) {
              headerLine = line.replace(/^\uFEFF/, '');
              header = parseCsv(headerLine)[0]?.map((h) => h.trim()) ?? [];
              continue;
            }
            if (line.trim()) chunk.push(line);
            if (chunk.length >= 1000) await flush();
          }
          await flush();
        }
        // the roll-ups of everything imported, before the command returns
        await sensors.foldRollups();
        bar?.update(total, { rows });
        bar?.stop();
        ctx.out(`Imported ${rows} rows from ${files.length} file(s): ${inserted} new observations${skipped ? `, ${skipped} unreadable rows skipped` : ''}.`);
      });
    });
  cmd
    .command('retention')
    .description('delete raw observations older than each city\'s retention (roll-ups are kept)')
    .action(async () => {
      await ctx.withServices(ctx.config(), async (built) => {
        const { droppedMonths, deletedRows } = await (built.modules as { sensors?: SensorsService }).sensors!.applyRetention();
        ctx.out(`Deleted ${deletedRows} raw observations${droppedMonths ? ` and ${droppedMonths} whole month(s) of them` : ''}.`);
      });
    });
}
