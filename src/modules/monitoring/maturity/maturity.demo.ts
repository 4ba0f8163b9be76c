/**
 * Demo: Baia Mare's maturity matrix as the strategy describes it today (one published round, marked
 * reconstructed) and a draft second round started from it. The colours of the strategy's Table 3 (green:
 * current state, yellow: projects in progress, blue: the 2030 forecast) did not survive the PDF's text
 * extraction, so the states are reconstructed from the strategy's own words (ch. 4.2.x), kept on each
 * criterion's note in data/strategies/baia-mare-2030.json — see `reconstructedState`.
 */
import { SYSTEM } from '../../../core/actor.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { DemoContext } from '../../../demo.js';
import type { MonitoringService } from '../index.js';
import { levelsOf, statesOf } from './maturity.levels.js';
import type { MaturityModel } from './maturity.schemas.js';
import type { CriterionState } from './maturity.tables.js';

type Pillar = MaturityModel['pillars'][number];
type Criterion = Pillar['criteria'][number];

/**
 * A criterion's state as the strategy text implies it:
 * 1. at or below the level the strategy states for the pillar ("se află la nivelul al doilea") → achieved;
 * 2. named as probably under way (a block after the current situation: Mo2.1, Mo2.2) → in progress;
 * 3. named in the pillar's "current situation" → achieved (e.g. L2.3 for Living, "level 1 with level-2 elements");
 * 4. named among the short/medium-term targets of the 2030 vision → planned for 2030;
 * 5. otherwise → not started.
 */
export function reconstructedState(c: Criterion, pillar: Pillar): CriterionState {
  const note = c.note ?? '';
  if (pillar.currentLevel !== null && c.level <= pillar.currentLevel) return 'achieved';
  if (/projects in progress/i.test(note)) return 'in_progress';
  if (/current situation/i.test(note)) return 'achieved';
  if (/target/i.test(note)) return 'planned_2030';
  return 'not_started';
}

const NOTE: Multiloc = {
  ro: 'Rundă reconstituită: culorile tabelului 3 din strategie nu s-au păstrat în textul extras, așa că stările sunt deduse din textul capitolului 4.2 (nivelul declarat al fiecărui pilon, situația actuală, proiectele în curs, țintele pe termen scurt și mediu).',
  en: "Reconstructed round: the colours of the strategy's Table 3 did not survive in the extracted text, so the states are derived from the text of chapter 4.2 (each pillar's stated level, the current situation, projects in progress, short- and medium-term targets).",
  hu: 'Rekonstruált forduló: a stratégia 3. táblázatának színei nem maradtak meg a kinyert szövegben, ezért az állapotok a 4.2. fejezet szövegéből származnak (az egyes pillérek megadott szintje, a jelenlegi helyzet, a folyamatban lévő projektek, a rövid és középtávú célok).',
};

export const maturityDemo = {
  name: "Baia Mare's maturity matrix: a published round reconstructed from the strategy, and a draft second round",
  async run(ctx: DemoContext, service: MonitoringService) {
    const tenant = await ctx.built.services.tenants.bySlug('baia-mare').catch(() => null);
    if (!tenant) return;
    const m = service.maturity;
    if ((await m.list(SYSTEM, tenant)).rows.length) return ctx.log('    baia-mare: maturity rounds already there');
    const { model } = await m.resolveModel(tenant.id);
    if (!model) return ctx.log('    baia-mare: no maturity model in its strategy');
    const first = await m.create(SYSTEM, tenant, { name: { ro: '2023 — situația de referință (reconstituită din strategie)', en: '2023 — baseline (reconstructed from the strategy)', hu: '2023 — kiindulási helyzet (a stratégiából rekonstruálva)' } }, { reconstructed: true, note: NOTE });
    await m.update(SYSTEM, tenant, first.row.id, {
      criteria: model.pillars.flatMap((p) => p.criteria.map((c) => ({ code: c.code, state: reconstructedState(c, p) }))),
    });
    const published = await m.publish(SYSTEM, tenant, first.row.id);
    const levels = levelsOf(published.row.model as MaturityModel, statesOf(published.assessments));
    ctx.log(`    baia-mare: round ${published.row.id} published, levels ${Object.entries(levels).map(([code, level]) => `${code} ${level}`).join(', ')}`);

    // The draft second round: what the platform itself now provides, with its evidence.
    const draft = await m.create(SYSTEM, tenant, { name: { ro: '2027 — evaluare anuală', en: '2027 — annual assessment', hu: '2027 — éves értékelés' }, copyFrom: 'latest' });
    const sensors = (await ctx.built.modules.sensors?.listSensors(tenant, SYSTEM)) ?? [];
    const pm10 = sensors.find((s) => s.streams.some((d) => d.property === 'pm10'));
    await m.update(SYSTEM, tenant, draft.row.id, {
      criteria: [
        {
          code: 'G3.1',
          state: 'in_progress',
          evidence: {
            text: { ro: 'Obiectivele și KPI sunt monitorizate pe platformă: rapoarte de progres semestriale sau anuale, istoricul indicatorilor, matricea de maturitate publicată ca set de date deschise.', en: 'Objectives and KPIs are monitored on the platform: six-monthly or annual progress reports, KPI history, the maturity matrix published as open data.' },
            links: [{ type: 'dataset', ref: 'maturity-rounds' }],
          },
        },
        ...(pm10
          ? [
              {
                code: 'Me2.2',
                evidence: { text: { ro: `Rețeaua de senzori de calitate a aerului transmite date în timp real (${sensors.length} senzori publici).`, en: `The air-quality sensor network transmits data in real time (${sensors.length} public sensors).` }, links: [{ type: 'sensor' as const, ref: String(pm10.thing.id), property: 'pm10' }] },
              },
            ]
          : []),
      ],
    });
    ctx.log(`    baia-mare: draft round ${draft.row.id} started from it`);
  },
};
