/**
 * Timișoara's first stakeholder consultation (Sept 2021, 305 professionals), as a closed survey with the
 * real questions. The individual answers were never published: the responses here are RECONSTRUCTED from
 * the published aggregates (seeds/001_…consultation-1-ro.txt, digest-000 §5.1) so that the results page
 * reproduces the printed percentages. Every response carries `reconstructed: true`.
 */
import type { Answers, Multiloc, Question, Section } from './survey.logic.js';

export const TIMISOARA_RESPONDENTS = 305;
export const SEED_SURVEY_SLUG = 'consultare-smart-city-2021';

const ml = (ro: string, en: string, hu?: string): Multiloc => ({ ro, en, ...(hu ? { hu } : {}) });

const NECESSITY: [string, Multiloc, number][] = [
  ['extrem', ml('Extrem de necesară', 'Extremely necessary', 'Rendkívül szükséges'), 235],
  ['necesara', ml('Necesară', 'Necessary', 'Szükséges'), 67],
  ['inutila', ml('Inutilă', 'Useless', 'Fölösleges'), 3],
];

// Printed: 22, 14, 14, 13, 11, 10, 8, 5, 3, 1 (%); counts chosen so that n/305 rounds to exactly these.
const DYSFUNCTIONS: [string, Multiloc, number][] = [
  ['stres', ml('Stres cotidian, consum inutil de timp și resurse financiare (trafic, probleme administrative)', 'Daily stress and needless waste of time and money (traffic, red tape)'), 67],
  ['doua-lumi', ml('„Două lumi paralele”: digital și hârtie în serviciile publice', '"Two parallel worlds": digital and paper in public services'), 43],
  ['conectare', ml('Conectare insuficientă între infrastructuri, servicii sau zone', 'Not enough connection between infrastructures, services or areas'), 42],
  ['investitii', ml('Investiții publice reduse în calitatea vieții', 'Low public investment in quality of life'), 40],
  ['resurse', ml('Gestionarea ineficientă a resurselor orașului', "Inefficient management of the city's resources"), 33],
  ['educatie', ml('Lipsa educației participative a cetățenilor', 'No participatory education for citizens'), 30],
  ['haotic', ml('Riscurile unei digitalizări haotice', 'Risks of chaotic digitalisation'), 24],
  ['identitate', ml('Lipsa identității, specializării sau focusului strategic al orașului', 'No city identity, specialisation or strategic focus'), 15],
  ['vulnerabili', ml('Lipsa infrastructurii și serviciilor pentru grupurile vulnerabile', 'No infrastructure or services for vulnerable groups'), 8],
  ['clima', ml('Consecințele imprevizibile ale schimbărilor climatice', 'Unpredictable consequences of climate change'), 3],
];

/** The six needs categories (3,196 options expressed) and their sub-needs with the printed % within category. */
const NEEDS: { key: string; label: Multiloc; total: number; items: [string, Multiloc, number][] }[] = [
  { key: 'servicii', label: ml('Servicii publice', 'Public services'), total: 812, items: [
    ['birocratie', ml('Reducerea poverii administrative și birocratice', 'Less administrative and bureaucratic burden'), 30.8],
    ['digitalizare', ml('Digitalizarea completă a interacțiunilor cu instituțiile publice', 'Full digitalisation of interactions with public institutions'), 24.8],
    ['integrare', ml('Integrarea serviciilor publice', 'Integration of public services'), 20],
    ['date', ml('Acces la date pentru produse și servicii noi', 'Access to data for new products and services'), 13.7],
    ['legislatie', ml('Acces la informații despre legislația și standardele UE', 'Information on EU legislation and standards'), 10.8],
  ] },
  { key: 'finantare', label: ml('Finanțare', 'Finance'), total: 524, items: [
    ['fonduri-ue', ml('Acces mai bun la fonduri europene', 'Better access to EU funds'), 40.8],
    ['finantare', ml('Acces mai ușor la finanțare în general', 'Easier access to finance in general'), 23.9],
    ['stimulente', ml('Stimulente financiare din partea administrației publice', 'Financial incentives from the public administration'), 20.8],
    ['banci', ml('Finanțare bancară mai variată', 'More varied bank financing'), 10.3],
    ['capital-risc', ml('Disponibilitatea capitalului de risc', 'Venture capital'), 4.2],
  ] },
  { key: 'ecosistem', label: ml('Ecosistem de inovare', 'Innovation ecosystem'), total: 509, items: [
    ['resurse', ml('Cunoașterea resurselor existente la nivel de ecosistem, dezvoltare inițiative', "Knowing the ecosystem's resources; developing initiatives"), 30.8],
    ['colaborare', ml('Sprijin structurat pentru colaborarea dintre toate tipurile de organizații din ecosistem', 'Structured support for collaboration between all kinds of organisations'), 25.5],
    ['suport', ml('Acces la servicii de suport pentru inovare și scalare', 'Access to innovation and scaling support'), 23.6],
    ['produse', ml('Sprijin pentru dezvoltarea de produse proprii', 'Support for developing own products'), 20],
  ] },
  { key: 'international', label: ml('Piața unică UE și alte continente (internaționalizare)', 'EU Single Market and other continents (internationalisation)'), total: 478, items: [
    ['retele', ml('Acces la rețele internaționale de cunoaștere și inovare', 'Access to international knowledge and innovation networks'), 36],
    ['structuri', ml('Structuri și servicii de sprijin pentru internaționalizare', 'Internationalisation support structures and services'), 18.8],
    ['info-point', ml('Info-Point despre piața unică UE și alte continente', 'Info-Point on the EU Single Market and other continents'), 16.9],
    ['stimulente', ml('Stimulente pentru accesul pe piețe internaționale', 'Incentives for international market access'), 15.3],
    ['export', ml('Facilități de sprijin pentru export', 'Export-support facilities'), 13],
  ] },
  { key: 'infrastructura', label: ml('Infrastructură de sprijin a inovării', 'Innovation-support infrastructure'), total: 456, items: [
    ['stimulente', ml('Stimulente pentru înființare, extindere sau relocare', 'Incentives for setting up, expanding or relocating'), 39.3],
    ['laboratoare', ml('Acces la laboratoare, centre de testare și certificare', 'Access to labs, testing and certification centres'), 21.7],
    ['parcuri', ml('Spații de extindere/relocare (parcuri industriale și tehnologice)', 'Sites for expansion (industrial and tech parks)'), 20.8],
    ['incubatoare', ml('Acces la incubatoare și acceleratoare', 'Access to incubators and accelerators'), 18.2],
  ] },
  { key: 'resurse-umane', label: ml('Resurse umane', 'Human resources'), total: 417, items: [
    ['personal', ml('Acces la personal mai bine pregătit', 'Better-trained staff'), 48.7],
    ['formare', ml('Sprijin pentru formarea internă', 'Support for in-house training'), 20.4],
    ['international', ml('Sprijin pentru atragerea de personal internațional', 'Support for attracting international staff'), 19.7],
    ['acces', ml('Acces la resurse umane', 'Access to human resources'), 11.3],
  ] },
];

/** Ambition prioritisation, "Medie scala 1-10" (9.13 as printed for the first; the others as listed). */
const AMBITIONS: [string, Multiloc, number][] = [
  ['a2', ml('Orașul pentru toți', 'The City for All'), 9.13],
  ['a5', ml('Orașul durabil', 'The Sustainable City'), 8.7],
  ['a7', ml('Investiții publice cu cel mai mare impact', 'Public investments with the greatest impact'), 8.6],
  ['a3', ml('Ecosistem vibrant de inovare', 'Vibrant innovation ecosystem'), 8.3],
  ['a4', ml('Timișoara în topul celor mai atractive orașe europene', 'Timișoara among the most attractive European cities'), 8.1],
  ['a1', ml('Fiecare cetățean are o voce', 'Every citizen has a voice'), 7.5],
  ['a6', ml('Smart City = Fun City!', 'Smart City = Fun City!'), 7.1],
];

/** The five clusters of the 457 open answers, with their sub-themes (≈n of 457). */
export const OPEN_CLUSTERS: { label: Multiloc; subthemes: [string, number][] }[] = [
  { label: ml('Procesul de digitalizare a administrației și instrumentele', 'Digitalisation of the administration and its tools'), subthemes: [
    ['Birocrație din lipsa serviciilor digitale, a interoperabilității și a accesului la informații (inclusiv date deschise)', 89],
    ['Ineficiență umană în instituțiile publice', 40],
    ['Instrumente digitale pentru reziliență și răspuns la urgențe', 8],
    ['Lipsa transparenței proiectelor de investiții și a monitorizării lucrărilor', 6],
  ] },
  { label: ml('Viziune strategică și plan de acțiune', 'Strategic vision and action plan'), subthemes: [
    ['Identitate urbană', 45],
    ['Transformare digitală, guvernanța inițiativei smart city și a datelor orașului', 22],
    ['Viziune climatică pe termen lung', 18],
    ['Atractivitate turistică și agendă culturală', 13],
    ['Sprijin pentru start-up-uri și incubatoare, atragerea capitalului uman', 9],
    ['Servicii medicale rapide', 6],
    ['Educație și cercetare-dezvoltare-inovare', 4],
  ] },
  { label: ml('Infrastructură urbană interconectată și mobilitate', 'Interconnected urban infrastructure and mobility'), subthemes: [
    ['Infrastructură rutieră incoerentă, fără strategie de mobilitate verde/electrică și fără instrumente smart', 83],
    ['Dezvoltare urbană și conectarea echilibrată a serviciilor și a mobilității', 26],
  ] },
  { label: ml('Factori de mediu, spații verzi, activități în aer liber', 'Environment, green spaces, outdoor activities'), subthemes: [
    ['Calitatea aerului, curățenie, gestionarea deșeurilor', 37],
    ['Calitatea vieții prin spații verzi, parcuri, activități în aer liber și terenuri de sport', 15],
  ] },
  { label: ml('Comunicarea cu cetățenii și participarea la decizii', 'Communication with citizens and participation in decisions'), subthemes: [
    ['Procesul de implicare a cetățenilor', 24],
    ['Platformă de raportare a neregulilor', 6],
    ['Proiecte colaborative între Primărie, universități și experți', 6],
  ] },
];

/**
 * Counts whose share of `total`, rounded to one decimal, is each printed percentage, and which add up to
 * `total` (a small search within each percentage's rounding interval).
 */
export function countsForPercentages(percentages: number[], total: number): number[] {
  const lo = percentages.map((p) => Math.ceil(((p - 0.05) * total) / 100 - 1e-9));
  const hi = percentages.map((p) => Math.floor(((p + 0.05) * total) / 100 - 1e-9));
  const counts = lo.map((l, i) => Math.max(0, Math.min(l, hi[i]!)));
  let missing = total - counts.reduce((s, c) => s + c, 0);
  for (let i = 0; missing > 0 && i < counts.length; i++) {
    const room = Math.max(0, hi[i]! - counts[i]!);
    const add = Math.min(room, missing);
    counts[i]! += add;
    missing -= add;
  }
  // Printed figures that cannot all be met: put the rest on the largest item (documented by the tests).
  if (missing !== 0) counts[0]! += missing;
  return counts;
}

export interface SeedSurvey {
  slug: string;
  title: Multiloc;
  description: Multiloc;
  sections: Section[];
  questions: Question[];
  responses: Answers[];
  /** open answers per cluster index (0–4), aligned with the response index and question key */
  codings: { response: number; question: string; cluster: number }[];
}

/** Builds the survey and its 305 reconstructed responses; deterministic. */
export function timisoaraConsultation(): SeedSurvey {
  const N = TIMISOARA_RESPONDENTS;
  const needOptions = NEEDS.flatMap((g) => g.items.map(([k, label]) => ({ key: `${g.key}-${k}`, label, group: g.label })));
  const needCounts = NEEDS.flatMap((g) => countsForPercentages(g.items.map((i) => i[2]), g.total));
  const sections: Section[] = [
    { key: 'general', title: ml('Necesitatea strategiei', 'Need for a strategy', 'A stratégia szükségessége') },
    { key: 'disfunctii', title: ml('Disfuncționalități', 'Dysfunctions', 'Működési zavarok') },
    { key: 'nevoi', title: ml('Nevoile organizației', "Your organisation's needs", 'A szervezet igényei') },
    { key: 'viziune', title: ml('Viziunea Smart City', 'The smart city vision', 'Az okos város víziója') },
  ];
  const questions: Question[] = [
    { key: 'necesitate', type: 'single', required: true, section: 'general', title: ml('Din punctul tău de vedere, cât de necesară este pentru Timișoara o Strategie de Smart City și Transformare Digitală?', 'In your view, how necessary is a Smart City and Digital Transformation Strategy for Timișoara?', 'Ön szerint mennyire szükséges Temesvár számára egy okosváros- és digitális átalakítási stratégia?'), options: NECESSITY.map(([key, label]) => ({ key, label })) },
    { key: 'disfunctie-majora', type: 'single', required: true, section: 'disfunctii', title: ml('Care este disfuncționalitatea majoră pe care ar trebui să o adreseze strategia?', 'Which is the major dysfunction the strategy should address?', 'Melyik a legfőbb működési zavar, amellyel a stratégiának foglalkoznia kell?'), options: DYSFUNCTIONS.map(([key, label]) => ({ key, label })) },
    { key: 'disfunctie-1', type: 'short_text', required: true, section: 'disfunctii', title: ml('Descrie o disfuncționalitate a orașului', 'Describe one of the city’s dysfunctions', 'Írja le a város egyik működési zavarát') },
    { key: 'disfunctie-2', type: 'short_text', required: false, section: 'disfunctii', title: ml('Mai descrie o disfuncționalitate (opțional)', 'Describe another dysfunction (optional)', 'Írjon le egy másikat (nem kötelező)') },
    { key: 'nevoi', type: 'multiple', required: true, section: 'nevoi', title: ml('La ce nevoi ale organizației tale ar trebui să răspundă strategia?', "Which of your organisation's needs should the strategy answer?", 'Szervezete mely igényeire kell válaszolnia a stratégiának?'), help: ml('Întrebare cu răspunsuri multiple', 'Choose as many as apply', 'Több válasz is lehetséges'), options: needOptions },
    ...AMBITIONS.map(([k, label]): Question => ({ key: `ambitie-${k}`, type: 'scale', min: 1, max: 10, required: true, section: 'viziune', title: ml(`Cât de prioritară este ambiția „${label.ro}”? (1–10)`, `How much of a priority is the ambition "${label.en}"? (1–10)`) })),
  ];

  const responses: Answers[] = Array.from({ length: N }, () => ({}));
  const spread = (counts: number[], key: string, options: string[], stride: number) => {
    let idx = 0;
    counts.forEach((c, j) => {
      for (let k = 0; k < c; k++, idx++) responses[(idx * stride) % N]![key] = options[j]!;
    });
  };
  spread(NECESSITY.map((x) => x[2]), 'necesitate', NECESSITY.map((x) => x[0]), 1);
  spread(DYSFUNCTIONS.map((x) => x[2]), 'disfunctie-majora', DYSFUNCTIONS.map((x) => x[0]), 7);

  // Open answers: 305 first answers and 152 second ones = 457, each the sub-theme it was coded to.
  const texts = OPEN_CLUSTERS.flatMap((c, ci) => c.subthemes.flatMap(([text, n]) => Array.from({ length: n }, () => ({ text, cluster: ci }))));
  const codings: SeedSurvey['codings'] = [];
  texts.forEach((t, i) => {
    const question = i < N ? 'disfunctie-1' : 'disfunctie-2';
    const response = i < N ? (i * 13) % N : ((i - N) * 13) % N;
    responses[response]![question] = t.text;
    codings.push({ response, question, cluster: t.cluster });
  });

  // Needs: each option's selections go to consecutive respondents, wrapping round (never twice to one person).
  let pos = 0;
  needCounts.forEach((c, j) => {
    for (let k = 0; k < c; k++, pos++) {
      const r = responses[pos % N]!;
      ((r.nevoi ??= []) as string[]).push(needOptions[j]!.key);
    }
  });

  // Scales: whole numbers whose mean rounds to the printed mean.
  AMBITIONS.forEach(([k, , mean], ai) => {
    const sum = Math.round(mean * N);
    const base = Math.floor(sum / N);
    const extra = sum - base * N;
    for (let i = 0; i < N; i++) responses[(i * 11 + ai) % N]![`ambitie-${k}`] = i < extra ? base + 1 : base;
  });

  return {
    slug: SEED_SURVEY_SLUG,
    title: ml('Prima consultare cu stakeholderii — Strategia Smart City Timișoara (2021)', 'First stakeholder consultation — Timișoara Smart City Strategy (2021)', 'Első konzultáció az érintettekkel — Temesvár okosváros-stratégiája (2021)'),
    description: ml(
      'Consultare online, septembrie 2021, 305 profesioniști. Răspunsurile individuale nu au fost publicate: cele de aici sunt RECONSTITUITE din procentele publicate, pentru a reproduce rezultatele tipărite.',
      'Online consultation, September 2021, 305 professionals. The individual answers were never published: these are RECONSTRUCTED from the published percentages, to reproduce the printed results.',
      'Online konzultáció, 2021. szeptember, 305 szakember. Az egyéni válaszokat nem tették közzé: az itt láthatók a közzétett százalékokból REKONSTRUÁLTAK.',
    ),
    sections,
    questions,
    responses,
    codings,
  };
}
