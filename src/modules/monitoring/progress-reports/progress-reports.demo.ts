/**
 * Demo: a lived reporting cycle in each city, dated relative to today so it stays lived whenever the demo
 * is loaded. Four projects (the strategy's own, those under way first) get a 6-month reporting
 * calendar (reports due 30 days after a period ends):
 * - two projects: approved reports for two periods (about 18–12 and 12–6 months ago); the period that
 *   ended last month is owed but not yet due;
 * - one project: an approved report, then one submitted and **returned** with the staff comment;
 * - one project: its calendar started 9 months ago and no report came: **overdue** for about two months
 *   (the staff dashboard counts it; the project page says "report overdue since …").
 * Everything goes through the resource's service API (audit rows and events as for a real team).
 */
import { SYSTEM } from '../../../core/actor.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { DemoContext } from '../../../demo.js';
import { addMonths } from '../calendar/calendar.periods.js';
import type { MonitoringService } from '../index.js';

const ML = (ro: string, en: string, hu: string): Multiloc => ({ ro, en, hu });

const NARRATIVE = [
  ML(
    'Echipa a finalizat documentația tehnică și a lansat achiziția. Calendarul rămâne cel din strategie.',
    'The team finished the technical documentation and launched the procurement. The schedule is the one in the strategy.',
    'A csapat elkészítette a műszaki dokumentációt és elindította a beszerzést. Az ütemezés a stratégiáé.',
  ),
  ML(
    'Contractul a fost semnat, iar lucrările au început pe primul lot. Riscul principal rămâne întârzierea avizelor.',
    'The contract was signed and work started on the first lot. The main risk is still a delay in the permits.',
    'A szerződést aláírták, és megkezdődtek a munkák az első szakaszon. A fő kockázat továbbra is az engedélyek késése.',
  ),
];
const RETURN_COMMENT = 'Vă rugăm să adăugați cheltuielile pe trimestre și stadiul avizelor înainte de aprobare.';

export const progressReportsDemo = {
  name: 'a lived reporting cycle: approved reports over two periods, one returned, one overdue (dated from today)',
  async run(ctx: DemoContext, service: MonitoringService) {
    const strategy = ctx.built.modules.strategy!;
    const month = `${new Date().toISOString().slice(0, 7)}-01`;
    for (const tenant of await ctx.built.services.tenants.list()) {
      if ((await service.progressReports.list(SYSTEM, tenant, {})).rows.length) {
        ctx.log(`    ${tenant.slug}: progress reports already there`);
        continue;
      }
      // projects under way first, then ones about to start (a report then moves them to "in progress")
      const rank = (s: string) => ['in_progress', 'funding_requested', 'in_preparation', 'planned'].indexOf(s);
      const projects = (await strategy.allProjects(tenant.id, {}))
        .filter((p) => rank(p.status) >= 0)
        .sort((x, y) => rank(x.status) - rank(y.status))
        .slice(0, 4);
      if (projects.length < 4) continue;
      const [a, b, c, d] = projects.map((p) => p.code) as [string, string, string, string];
      const report = async (code: string, periodStart: string, i: number, progress: number) =>
        service.progressReports.create(SYSTEM, tenant, {
          project: code,
          periodStart,
          projectStatus: 'in_progress',
          progress,
          milestonesReached: [i ? 'Contract semnat' : 'Documentație tehnică finalizată'],
          milestonesPlanned: [i ? 'Recepția primului lot' : 'Semnarea contractului'],
          spendToDate: (i + 1) * 120_000,
          risks: 'Întârzierea avizelor.',
          narrative: NARRATIVE[i]!,
          kpiValues: [],
        });
      const approve = async (id: number) => {
        await service.progressReports.submit(SYSTEM, tenant, id);
        await service.progressReports.approve(SYSTEM, tenant, id, 'Aprobat.');
      };
      // two periods approved, 18–12 and 12–6 months ago
      for (const code of [a, b]) {
        const first = addMonths(month, -18);
        await service.calendar.set(SYSTEM, tenant, code, { periodMonths: 6, firstPeriodStart: first, dueDays: 30 });
        await approve((await report(code, first, 0, 20)).row.id);
        await approve((await report(code, addMonths(first, 6), 1, 45)).row.id);
      }
      // one approved, the next returned with the staff comment (due at the end of this month: not overdue)
      const cFirst = addMonths(month, -12);
      await service.calendar.set(SYSTEM, tenant, c, { periodMonths: 6, firstPeriodStart: cFirst, dueDays: 30 });
      await approve((await report(c, cFirst, 0, 25)).row.id);
      const returned = await report(c, addMonths(cFirst, 6), 1, 40);
      await service.progressReports.submit(SYSTEM, tenant, returned.row.id);
      await service.progressReports.return(SYSTEM, tenant, returned.row.id, RETURN_COMMENT);
      // overdue: the period that ended 3 months ago was due 2 months ago, and no report came
      await service.calendar.set(SYSTEM, tenant, d, { periodMonths: 6, firstPeriodStart: addMonths(month, -9), dueDays: 30 });
      ctx.log(`    ${tenant.slug}: ${a}, ${b} approved ×2; ${c} returned; ${d} overdue`);
    }
  },
};
