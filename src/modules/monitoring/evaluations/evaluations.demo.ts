/**
 * Demo: one published annual evaluation for each city, with findings and the steering body's
 * recommendations (open, accepted, done, one rejected with its reason) and the staff's answers. The content
 * follows the governance chapters of the seeds — Timișoara's SmarTM steering group and PMT/FRUIT
 * (digest-000 §4), Baia Mare's UIM SSC-BM and its M&E chapter (digest-004 ch. 6) — and every round is
 * marked as demo (`demo: true`, shown on the page and in the report).
 */
import { SYSTEM } from '../../../core/actor.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { DemoContext } from '../../../demo.js';
import type { MonitoringService } from '../index.js';
import type { RecommendationStatus } from './evaluations.tables.js';

interface DemoRound {
  slug: string;
  title: Multiloc;
  findings: [string, Multiloc][];
  recommendations: { text: Multiloc; addressedTo: string; status: RecommendationStatus; reason?: string; answer?: Multiloc }[];
}

const ROUNDS: DemoRound[] = [
  {
    slug: 'timisoara',
    title: { ro: 'Evaluarea anuală a strategiei (demo)', en: 'Annual evaluation of the strategy (demo)', hu: 'A stratégia éves értékelése (bemutató)' },
    findings: [
      [
        'A1',
        {
          ro: 'Consultările pe platforma participativă au continuat, dar participarea rămâne concentrată pe puține consultări. Raportarea progresului proiectelor a început pe platformă; nu toate echipele au raportat la termen.',
          en: 'Consultations on the participation platform went on, but participation is concentrated on a few of them. Project progress reporting started on the platform; not every team reported on time.',
        },
      ],
      [
        'A5',
        {
          ro: 'Rețeaua de senzori permite calculul automat al mediei anuale PM2,5 și PM10; ținta strategiei trebuie comparată cu valoarea-limită UE în fiecare raport anual.',
          en: "The sensor network lets the platform compute the annual PM2.5 and PM10 means; each annual report should compare the strategy's target with the EU limit value.",
        },
      ],
    ],
    recommendations: [
      {
        text: { ro: 'Publicarea stadiului proiectelor strategice pe platforma publică, cu data ultimei actualizări pentru fiecare proiect (proiectul 46).', en: 'Publish the status of the strategic projects on the public platform, with the date of the last update of each project (project 46).' },
        addressedTo: 'PMT — Direcția Dezvoltare',
        status: 'accepted',
        answer: { ro: 'Acceptată: rapoartele de progres aprobate actualizează pagina publică a proiectului și cronologia lui.', en: "Accepted: approved progress reports update the project's public page and its timeline." },
      },
      {
        text: { ro: 'Conectarea indicatorilor de calitate a aerului la rețeaua de senzori, cu valori calculate automat.', en: 'Connect the air-quality indicators to the sensor network, with values computed automatically.' },
        addressedTo: 'Direcția de Mediu',
        status: 'done',
        answer: { ro: 'Realizată: indicatorii PM2,5 și PM10 sunt calculați zilnic din rețeaua de senzori.', en: 'Done: the PM2.5 and PM10 indicators are computed daily from the sensor network.' },
      },
      {
        text: { ro: 'Anunțarea fiecărei consultări celor care urmăresc ambiția la care se referă, pentru a crește participarea.', en: 'Announce every consultation to the people who follow the ambition it concerns, to raise participation.' },
        addressedTo: 'FRUIT',
        status: 'open',
      },
      {
        text: { ro: 'Externalizarea completă a monitorizării strategiei către un consultant.', en: 'Outsource the monitoring of the strategy entirely to a consultant.' },
        addressedTo: 'Primăria Municipiului Timișoara',
        status: 'rejected',
        reason: 'Monitorizarea rămâne în primărie (PMT), cum prevede capitolul de guvernanță; un consultant poate sprijini evaluarea ex-post.',
        answer: { ro: 'Respinsă: ciclul de monitorizare, evaluare și actualizare este condus de primărie, cu sprijinul SmarTM.', en: 'Rejected: the monitoring, evaluation and update cycle is led by the city hall, supported by SmarTM.' },
      },
    ],
  },
  {
    slug: 'baia-mare',
    title: { ro: 'Evaluarea anuală a strategiei Baia Mare 2030 (demo)', en: 'Annual evaluation of the Baia Mare 2030 strategy (demo)', hu: 'A Nagybánya 2030 stratégia éves értékelése (bemutató)' },
    findings: [
      [
        'O6',
        {
          ro: 'UIM SSC-BM ține registrul proiectelor smart pe platformă; matricea de maturitate nu a fost încă actualizată de reprezentanții administrației.',
          en: 'UIM SSC-BM keeps the register of smart projects on the platform; the maturity matrix has not yet been updated by the administration.',
        },
      ],
      [
        'O4',
        {
          ro: 'Calitatea aerului este monitorizată continuu; zilele cu depășiri ale limitei zilnice PM10 sunt raportate automat.',
          en: 'Air quality is monitored continuously; days over the daily PM10 limit are reported automatically.',
        },
      ],
    ],
    recommendations: [
      {
        text: { ro: 'Completarea anuală a matricei de maturitate de către reprezentanții administrației publice locale (țintele G3.1 și L2.2).', en: 'Complete the maturity matrix every year by the local administration (targets G3.1 and L2.2).' },
        addressedTo: 'UIM SSC-BM',
        status: 'accepted',
        answer: { ro: 'Acceptată: prima rundă de autoevaluare este în lucru.', en: 'Accepted: the first self-assessment round is in progress.' },
      },
      {
        text: { ro: 'Rapoarte de progres semestriale pentru toate proiectele prioritare.', en: 'Six-monthly progress reports for every priority project.' },
        addressedTo: 'Echipele de proiect',
        status: 'open',
      },
      {
        text: { ro: 'Publicarea raportului anual privind starea orașului și a recomandărilor ca date deschise.', en: 'Publish the annual state-of-the-city report and the recommendations as open data.' },
        addressedTo: 'UIM SSC-BM',
        status: 'done',
        answer: { ro: 'Realizată: raportul este public pe pagina „Evaluare”, iar recomandările sunt un set de date deschise.', en: 'Done: the report is public on the "Evaluation" page and the recommendations are an open dataset.' },
      },
    ],
  },
];

/** The period of the demo rounds: the current year to date (last year in January, when this one has barely begun). */
function demoPeriod(now = new Date()): { start: string; end: string } {
  const y = now.getUTCFullYear();
  if (now.getUTCMonth() === 0) return { start: `${y - 1}-01-01`, end: `${y - 1}-12-31` };
  return { start: `${y}-01-01`, end: now.toISOString().slice(0, 10) };
}

export const evaluationsDemo = {
  name: 'one published annual evaluation per city, with recommendations and answers (marked as demo)',
  async run(ctx: DemoContext, service: MonitoringService) {
    const { start, end } = demoPeriod();
    for (const r of ROUNDS) {
      const tenant = await ctx.built.services.tenants.bySlug(r.slug).catch(() => undefined);
      if (!tenant) continue;
      const existing = await service.evaluations.list(SYSTEM, tenant, {});
      if (existing.rows.some((e) => e.demo)) {
        ctx.log(`    ${r.slug}: demo evaluation already there`);
        continue;
      }
      const ev = await service.evaluations.create(SYSTEM, tenant, { type: 'annual', title: r.title, periodStart: start, periodEnd: end, scope: [] }, { demo: true });
      for (const [scope, text] of r.findings) await service.evaluations.writeFinding(SYSTEM, tenant, ev.row.id, scope, text);
      for (const rec of r.recommendations) {
        const created = await service.evaluations.createRecommendation(SYSTEM, tenant, ev.row.id, { text: rec.text, addressedTo: rec.addressedTo, status: rec.status === 'rejected' ? 'open' : rec.status });
        if (rec.answer) await service.evaluations.answerRecommendation(SYSTEM, tenant, ev.row.id, created.row.id, { answer: rec.answer, status: rec.status, ...(rec.reason ? { reason: rec.reason } : {}) });
      }
      await service.evaluations.generate(SYSTEM, tenant, ev.row.id);
      await service.evaluations.publish(SYSTEM, tenant, ev.row.id);
      ctx.log(`    ${r.slug}: published demo evaluation ${ev.row.id} (${start} – ${end}) with ${r.recommendations.length} recommendations`);
    }
  },
};
