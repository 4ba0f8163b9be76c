/**
 * Demo data (idempotent; one multi-row insert per table): the reconstructed Timișoara consultation with its
 * coded open answers, Baia Mare's reconstructed citizen survey, and three small participatory budgets, one per voting rule.
 */
import type { Db } from '../../core/db.js';
import { SYSTEM } from '../../core/actor.js';
import type { ParticipationService } from './participation.service.js';
import { baiaMareQuestionnaire } from './baia-mare.seed.js';
import { OPEN_CLUSTERS, type SeedSurvey, timisoaraConsultation } from './timisoara.seed.js';
import type { TenantRow } from '../tenants/index.js';

async function tenantBySlug(db: Db, slug: string): Promise<TenantRow | undefined> {
  return (await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst()) as TenantRow | undefined;
}

export async function seedTimisoaraConsultation(db: Db, tenantId: number): Promise<number> {
  return seedReconstructedSurvey(db, tenantId, timisoaraConsultation(), { audience: 'role', audienceRoles: ['organisation'], createdAt: new Date('2021-08-30T09:00:00Z'), answeredFrom: Date.UTC(2021, 8, 1, 10) });
}

export async function seedBaiaMareQuestionnaire(db: Db, tenantId: number): Promise<number> {
  return seedReconstructedSurvey(db, tenantId, baiaMareQuestionnaire(), { audience: 'users', audienceRoles: [], createdAt: new Date('2022-05-02T09:00:00Z'), answeredFrom: Date.UTC(2022, 4, 3, 10) });
}

/** A closed survey with reconstructed responses (and their codings, if any), once per city. */
async function seedReconstructedSurvey(db: Db, tenantId: number, seed: SeedSurvey, o: { audience: 'role' | 'users'; audienceRoles: string[]; createdAt: Date; answeredFrom: number }): Promise<number> {
  const existing = await db.selectFrom('participation_surveys').select('id').where('tenant_id', '=', tenantId).where('slug', '=', seed.slug).executeTakeFirst();
  if (existing) return existing.id;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('participation_surveys')
      .values({ tenant_id: tenantId, slug: seed.slug, title: JSON.stringify(seed.title), description: JSON.stringify(seed.description), audience: o.audience, audience_roles: o.audienceRoles, anonymous: false, status: 'closed', reconstructed: true, sections: JSON.stringify(seed.sections), questions: JSON.stringify(seed.questions), created_at: o.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await trx
      .insertInto('participation_responses')
      .values(seed.responses.map((answers, i) => ({ tenant_id: tenantId, survey_id: id, user_id: null, browser_token: `reconstructed-${i + 1}`, profile: JSON.stringify({}), answers: JSON.stringify(answers), reconstructed: true, created_at: new Date(o.answeredFrom + (i % 28) * 86_400_000) })))
      .returning(['id', 'browser_token'])
      .execute();
    if (!seed.codings.length) return id;
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
  { code: 'P1', title: { ro: 'Bănci și umbră în Piața Operei', en: 'Benches and shade in Opera Square', hu: 'Padok és árnyék az Operánál' }, cost: 150000, lat: 45.7553, lon: 21.2291 },
  { code: 'P2', title: { ro: 'Parcare pentru biciclete la școli', en: 'Bicycle parking at schools', hu: 'Kerékpártárolók az iskoláknál' }, cost: 200000, lat: 45.7489, lon: 21.2215 },
  { code: 'P3', title: { ro: 'Senzori de calitatea aerului în cartiere', en: 'Air-quality sensors in neighbourhoods', hu: 'Levegőminőség-érzékelők' }, cost: 250000, lat: 45.7602, lon: 21.2408 },
  { code: 'P4', title: { ro: 'Loc de joacă accesibil în Parcul Rozelor', en: 'Accessible playground in the Rose Park', hu: 'Akadálymentes játszótér' }, cost: 400000, lat: 45.7497, lon: 21.2369 },
  { code: 'P5', title: { ro: 'Cursuri digitale pentru vârstnici', en: 'Digital skills classes for older people', hu: 'Digitális tanfolyam időseknek' }, cost: 100000 },
];

/**
 * A budget in preparation: its projects are at every step of the review before the vote (the staff
 * workflow screen and the journey move them on).
 */
export const DEMO_PREPARING = {
  slug: 'buget-2027-cartiere',
  title: { ro: 'Bugetare participativă 2027 — proiecte de cartier', en: 'Participatory budget 2027 — neighbourhood projects', hu: 'Részvételi költségvetés 2027 — városrészi projektek' },
  projects: [
    { code: 'C1', title: { ro: 'Grădină comunitară în Fabric', en: 'Community garden in Fabric', hu: 'Közösségi kert Gyárvárosban' }, cost: 120000, lat: 45.7571, lon: 21.2455, to: [] as string[] },
    { code: 'C2', title: { ro: 'Iluminat pe aleile din Parcul Botanic', en: 'Lighting on the Botanic Park paths', hu: 'Világítás a Botanikus park sétányain' }, cost: 180000, lat: 45.7607, lon: 21.2236, to: ['eligible'] },
    { code: 'C3', title: { ro: 'Pod nou peste Bega la Modex', en: 'New bridge over the Bega at Modex', hu: 'Új híd a Béga fölött' }, cost: 9000000, lat: 45.7486, lon: 21.2432, to: ['ineligible'] },
    { code: 'C4', title: { ro: 'Fântâni de băut în Piața Unirii', en: 'Drinking fountains in Union Square', hu: 'Ivókutak az Egyesülés terén' }, cost: 60000, lat: 45.7582, lon: 21.2290, to: ['eligible', 'costed', 'ready'] },
  ],
};

/** The three demo budgets (one per Decidim voting rule). */
export const DEMO_BUDGETS = [
  { slug: 'buget-2026-prag', votingRule: 'threshold_percent' as const, thresholdPercent: 50, title: { ro: 'Bugetare participativă 2026 — prag din buget', en: 'Participatory budget 2026 — share of the budget', hu: 'Részvételi költségvetés 2026 — a keret aránya' } },
  { slug: 'buget-2026-minim', votingRule: 'minimum_projects' as const, minProjects: 2, title: { ro: 'Bugetare participativă 2026 — minimum de proiecte', en: 'Participatory budget 2026 — minimum number of projects', hu: 'Részvételi költségvetés 2026 — legkevesebb projekt' } },
  { slug: 'buget-2026-selectie', votingRule: 'selected_projects' as const, minProjects: 1, maxProjects: 2, title: { ro: 'Bugetare participativă 2026 — alegeți între 1 și 2 proiecte', en: 'Participatory budget 2026 — choose 1 to 2 projects', hu: 'Részvételi költségvetés 2026 — 1–2 projekt' } },
];

/** An open consultation that shows every question type (the citizen journey answers it). */
export const DEMO_SURVEY = {
  slug: 'parcuri-si-spatii-verzi',
  title: { ro: 'Parcuri și spații verzi', en: 'Parks and green spaces', hu: 'Parkok és zöldterületek' },
  description: { ro: 'Spuneți-ne cum folosiți parcurile și ce ar trebui îmbunătățit.', en: 'Tell us how you use the parks and what should improve.', hu: 'Mondja el, hogyan használja a parkokat, és min kellene javítani.' },
  audience: 'users' as const,
  anonymous: false,
  status: 'open' as const,
  sections: [
    { key: 'obiceiuri', title: { ro: 'Obiceiuri', en: 'Habits', hu: 'Szokások' } },
    { key: 'prioritati', title: { ro: 'Priorități', en: 'Priorities', hu: 'Prioritások' } },
  ],
  questions: [
    { key: 'frecventa', section: 'obiceiuri', type: 'single' as const, required: true, title: { ro: 'Cât de des mergeți în parc?', en: 'How often do you go to a park?', hu: 'Milyen gyakran jár parkba?' }, options: [{ key: 'zilnic', label: { ro: 'Zilnic', en: 'Every day', hu: 'Naponta' } }, { key: 'saptamanal', label: { ro: 'Săptămânal', en: 'Every week', hu: 'Hetente' } }, { key: 'rar', label: { ro: 'Rar', en: 'Rarely', hu: 'Ritkán' } }] },
    { key: 'de-ce-rar', section: 'obiceiuri', type: 'short_text' as const, required: false, showIf: { question: 'frecventa', equals: 'rar' }, title: { ro: 'De ce mergeți rar?', en: 'Why rarely?', hu: 'Miért ritkán?' } },
    { key: 'activitati', section: 'obiceiuri', type: 'multiple' as const, required: false, maxChoices: 2, title: { ro: 'Ce faceți în parc?', en: 'What do you do in the park?', hu: 'Mit csinál a parkban?' }, options: [{ key: 'plimbare', label: { ro: 'Mă plimb', en: 'Walk', hu: 'Sétálok' } }, { key: 'sport', label: { ro: 'Fac sport', en: 'Sport', hu: 'Sportolok' } }, { key: 'copii', label: { ro: 'Merg cu copiii', en: 'Go with children', hu: 'Gyerekekkel megyek' } }] },
    { key: 'multumire', section: 'obiceiuri', type: 'scale' as const, required: true, min: 1, max: 10, title: { ro: 'Cât de mulțumit sunteți de parcuri?', en: 'How satisfied are you with the parks?', hu: 'Mennyire elégedett a parkokkal?' } },
    { key: 'ordine', section: 'prioritati', type: 'ranking' as const, required: false, title: { ro: 'Ordonați ce contează mai mult', en: 'Rank what matters most', hu: 'Rangsorolja, mi fontosabb' }, options: [{ key: 'umbra', label: { ro: 'Umbră', en: 'Shade', hu: 'Árnyék' } }, { key: 'banci', label: { ro: 'Bănci', en: 'Benches', hu: 'Padok' } }, { key: 'toalete', label: { ro: 'Toalete', en: 'Toilets', hu: 'Mosdók' } }] },
    { key: 'voturi', section: 'prioritati', type: 'allocation' as const, required: false, votes: 5, title: { ro: 'Împărțiți 5 voturi între idei', en: 'Share 5 votes among the ideas', hu: 'Osszon el 5 szavazatot' }, options: [{ key: 'arbori', label: { ro: 'Mai mulți arbori', en: 'More trees', hu: 'Több fa' } }, { key: 'locuri-joaca', label: { ro: 'Locuri de joacă', en: 'Playgrounds', hu: 'Játszóterek' } }] },
    { key: 'evaluare', section: 'prioritati', type: 'matrix' as const, required: false, title: { ro: 'Cum apreciați…', en: 'How do you rate…', hu: 'Hogyan értékeli…' }, rows: [{ key: 'curatenie', label: { ro: 'curățenia', en: 'cleanliness', hu: 'tisztaság' } }, { key: 'siguranta', label: { ro: 'siguranța', en: 'safety', hu: 'biztonság' } }], options: [{ key: 'bine', label: { ro: 'Bine', en: 'Good', hu: 'Jó' } }, { key: 'rau', label: { ro: 'Rău', en: 'Poor', hu: 'Rossz' } }] },
    { key: 'altceva', section: 'prioritati', type: 'long_text' as const, required: false, title: { ro: 'Altceva de spus?', en: 'Anything else?', hu: 'Még valami?' }, help: { ro: 'Opțional', en: 'Optional', hu: 'Nem kötelező' } },
  ],
};

/** A demo process linked to the strategy project A1.P1 (open data action plan). */
export const DEMO_PROCESS = {
  project: 'A1.P1',
  process: {
    slug: 'date-deschise-2026',
    title: { ro: 'Ce date deschise vreți să publice primăria?', en: 'Which open data should the city publish?', hu: 'Milyen nyílt adatokat tegyen közzé a város?' },
    description: { ro: 'Propuneți seturi de date și comentați planul de acțiune privind datele deschise.', en: 'Suggest data sets and comment on the open data action plan.', hu: 'Javasoljon adatkészleteket, és véleményezze a nyílt adatok cselekvési tervét.' },
    scope: 'city',
    phases: [
      { key: 'propuneri', title: { ro: 'Propuneri', en: 'Proposals', hu: 'Javaslatok' }, start: '2026-01-01', end: '2029-12-31', components: ['propose' as const, 'comment' as const, 'support' as const] },
      { key: 'raspunsuri', title: { ro: 'Răspunsurile primăriei', en: 'The city answers', hu: 'A város válaszai' }, start: '2030-01-01', end: '2030-03-31', components: ['answer' as const, 'comment' as const] },
    ],
  },
};

export async function seedParticipationDemo(db: Db, svc: ParticipationService): Promise<void> {
  const tm = await tenantBySlug(db, 'timisoara');
  if (!tm) return;
  await seedTimisoaraConsultation(db, tm.id);
  if (!(await db.selectFrom('participation_surveys').select('id').where('tenant_id', '=', tm.id).where('slug', '=', DEMO_SURVEY.slug).executeTakeFirst())) await svc.createSurvey(SYSTEM, tm, DEMO_SURVEY);
  const bm = await tenantBySlug(db, 'baia-mare');
  if (bm) await seedBaiaMareQuestionnaire(db, bm.id);
  if (bm && !(await db.selectFrom('participation_budgets').select('id').where('tenant_id', '=', bm.id).where('slug', '=', 'buget-copii-2026').executeTakeFirst()))
    await svc.createBudget(SYSTEM, bm, {
      slug: 'buget-copii-2026',
      title: { ro: 'Bugetul copiilor 2026', en: "Children's budget 2026", hu: 'Gyermekköltségvetés 2026' },
      description: { ro: 'Copiii și tinerii între 10 și 17 ani aleg până la 2 proiecte pentru școli și parcuri.', en: 'Children and young people aged 10–17 choose up to 2 projects for schools and parks.', hu: 'A 10–17 évesek legfeljebb 2 projektet választanak iskoláknak és parkoknak.' },
      total: 200000,
      currency: 'RON',
      scope: 'city',
      eligibility: { minAge: 10, maxAge: 17 },
      votingRule: 'selected_projects',
      minProjects: 1,
      maxProjects: 2,
      projects: [
        { code: 'C1', title: { ro: 'Bibliotecă în curtea școlii', en: 'A library in the schoolyard', hu: 'Könyvtár az iskolaudvaron' }, cost: 60000 },
        { code: 'C2', title: { ro: 'Teren de baschet renovat', en: 'A renovated basketball court', hu: 'Felújított kosárlabdapálya' }, cost: 90000 },
        { code: 'C3', title: { ro: 'Atelier de robotică', en: 'A robotics workshop', hu: 'Robotika műhely' }, cost: 50000 },
      ],
    });
  // A participatory process linked to a strategy project (shown on both pages), when that project exists.
  if (!(await db.selectFrom('participation_processes').select('id').where('tenant_id', '=', tm.id).where('slug', '=', DEMO_PROCESS.process.slug).executeTakeFirst())) {
    // Without the strategy module (or the project) the link is refused; the process is then created unlinked.
    await svc.community
      .createProcess(SYSTEM, tm, { ...DEMO_PROCESS.process, links: [{ type: 'project', code: DEMO_PROCESS.project }] })
      .catch(() => svc.community.createProcess(SYSTEM, tm, { ...DEMO_PROCESS.process, links: [] }));
  }
  if (svc.budgetProjects && !(await db.selectFrom('participation_budgets').select('id').where('tenant_id', '=', tm.id).where('slug', '=', DEMO_PREPARING.slug).executeTakeFirst())) {
    await svc.createBudget(SYSTEM, tm, {
      slug: DEMO_PREPARING.slug,
      title: DEMO_PREPARING.title,
      description: { ro: 'Propunerile locuitorilor sunt verificate și li se stabilește costul înainte de vot.', en: "Residents' proposals are checked and costed before the vote.", hu: 'A lakók javaslatait a szavazás előtt ellenőrzik és beárazzák.' },
      total: 500000,
      currency: 'RON',
      scope: 'city',
      eligibility: { verifiedResident: true },
      votingRule: 'threshold_percent',
      thresholdPercent: 0,
      status: 'preparing',
      projects: [],
    });
    for (const { to, ...p } of DEMO_PREPARING.projects) {
      const id = await svc.budgetProjects.addProject(SYSTEM, tm, DEMO_PREPARING.slug, p);
      for (const step of to)
        await svc.budgetProjects.step(SYSTEM, tm, DEMO_PREPARING.slug, id, step === 'ineligible' ? { to: 'ineligible', reason: 'Costul depășește de multe ori bugetul, iar podurile sunt în planul de investiții al orașului.' } : step === 'costed' ? { to: 'costed', cost: 75000, note: 'Deviz al Direcției Tehnice: 3 fântâni cu racord la apă, montaj inclus.' } : { to: step as 'eligible' | 'ready' });
    }
  }
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
