/**
 * Demo data (idempotent; one multi-row insert per table): the reconstructed Timișoara consultation with its
 * coded open answers, and three small participatory budgets, one per voting rule.
 */
import type { Db } from '../../core/db.js';
import { SYSTEM } from '../../core/actor.js';
import type { ParticipationService } from './participation.service.js';
import { SEED_SURVEY_SLUG, OPEN_CLUSTERS, timisoaraConsultation } from './timisoara.seed.js';
import type { TenantRow } from '../tenants/index.js';

async function tenantBySlug(db: Db, slug: string): Promise<TenantRow | undefined> {
  return (await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst()) as TenantRow | undefined;
}

export async function seedTimisoaraConsultation(db: Db, tenantId: number): Promise<number> {
  const existing = await db.selectFrom('participation_surveys').select('id').where('tenant_id', '=', tenantId).where('slug', '=', SEED_SURVEY_SLUG).executeTakeFirst();
  if (existing) return existing.id;
  const seed = timisoaraConsultation();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('participation_surveys')
      .values({ tenant_id: tenantId, slug: seed.slug, title: JSON.stringify(seed.title), description: JSON.stringify(seed.description), audience: 'role', audience_roles: ['organisation'], anonymous: false, status: 'closed', reconstructed: true, sections: JSON.stringify(seed.sections), questions: JSON.stringify(seed.questions), created_at: new Date('2021-08-30T09:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await trx
      .insertInto('participation_responses')
      .values(seed.responses.map((answers, i) => ({ tenant_id: tenantId, survey_id: id, user_id: null, browser_token: `reconstructed-${i + 1}`, profile: JSON.stringify({}), answers: JSON.stringify(answers), reconstructed: true, created_at: new Date(Date.UTC(2021, 8, 1 + (i % 28), 10)) })))
      .returning(['id', 'browser_token'])
      .execute();
    const responseIds = new Map(rows.map((r) => [r.browser_token, r.id]));
    const codes = await trx
      .insertInto('participation_codes')
      .values(OPEN_CLUSTERS.flatMap((c) => ['disfunctie-1', 'disfunctie-2'].map((q) => ({ survey_id: id, question_key: q, label: c.label.ro }))))
      .returning(['id', 'question_key', 'label'])
      .execute();
    const codeOf = (q: string, cluster: number) => codes.find((c) => c.question_key === q && c.label === OPEN_CLUSTERS[cluster]!.label.ro)!.id;
    await trx
      .insertInto('participation_codings')
      .values(seed.codings.map((c) => ({ response_id: responseIds.get(`reconstructed-${c.response + 1}`)!, question_key: c.question, code_id: codeOf(c.question, c.cluster) })))
      .execute();
    return id;
  });
}

const DEMO_PROJECTS = [
  { code: 'P1', title: { ro: 'Bănci și umbră în Piața Operei', en: 'Benches and shade in Opera Square', hu: 'Padok és árnyék az Operánál' }, cost: 150000 },
  { code: 'P2', title: { ro: 'Parcare pentru biciclete la școli', en: 'Bicycle parking at schools', hu: 'Kerékpártárolók az iskoláknál' }, cost: 200000 },
  { code: 'P3', title: { ro: 'Senzori de calitatea aerului în cartiere', en: 'Air-quality sensors in neighbourhoods', hu: 'Levegőminőség-érzékelők' }, cost: 250000 },
  { code: 'P4', title: { ro: 'Loc de joacă accesibil în Parcul Rozelor', en: 'Accessible playground in the Rose Park', hu: 'Akadálymentes játszótér' }, cost: 400000 },
  { code: 'P5', title: { ro: 'Cursuri digitale pentru vârstnici', en: 'Digital skills classes for older people', hu: 'Digitális tanfolyam időseknek' }, cost: 100000 },
];

/** The three demo budgets (one per Decidim voting rule). */
export const DEMO_BUDGETS = [
  { slug: 'buget-2026-prag', votingRule: 'threshold_percent' as const, thresholdPercent: 50, title: { ro: 'Bugetare participativă 2026 — prag din buget', en: 'Participatory budget 2026 — share of the budget', hu: 'Részvételi költségvetés 2026 — a keret aránya' } },
  { slug: 'buget-2026-minim', votingRule: 'minimum_projects' as const, minProjects: 2, title: { ro: 'Bugetare participativă 2026 — minimum de proiecte', en: 'Participatory budget 2026 — minimum number of projects', hu: 'Részvételi költségvetés 2026 — legkevesebb projekt' } },
  { slug: 'buget-2026-selectie', votingRule: 'selected_projects' as const, minProjects: 1, maxProjects: 2, title: { ro: 'Bugetare participativă 2026 — alegeți între 1 și 2 proiecte', en: 'Participatory budget 2026 — choose 1 to 2 projects', hu: 'Részvételi költségvetés 2026 — 1–2 projekt' } },
];

export async function seedParticipationDemo(db: Db, svc: ParticipationService): Promise<void> {
  const tm = await tenantBySlug(db, 'timisoara');
  if (!tm) return;
  await seedTimisoaraConsultation(db, tm.id);
  for (const b of DEMO_BUDGETS) {
    const exists = await db.selectFrom('participation_budgets').select('id').where('tenant_id', '=', tm.id).where('slug', '=', b.slug).executeTakeFirst();
    if (exists) continue;
    await svc.createBudget(SYSTEM, tm, {
      ...b,
      description: { ro: 'Buget demonstrativ: alegeți proiectele pe care le doriți în orașul dumneavoastră.', en: 'A demo budget: choose the projects you want in your city.', hu: 'Bemutató költségvetés: válassza ki a kívánt projekteket.' },
      total: 600000,
      currency: 'RON',
      scope: 'city',
      eligibility: {},
      projects: DEMO_PROJECTS,
    });
  }
}
