/**
 * Baia Mare's citizen online survey, run while the SSC-BM 2030 strategy was prepared (2022), as a closed survey with
 * the two questions whose results the strategy prints (ch. 2.1.2, Figures 7 and 8; seeds/digest-004 §7.1). The
 * strategy gives only the shares, not the number of respondents nor the answers: the 100 responses here are
 * RECONSTRUCTED so that the results page shows the printed percentages exactly. Every response carries
 * `reconstructed: true`, and the description says so in three languages.
 */
import type { Answers, Multiloc, Question, Section } from './survey.logic.js';
import type { SeedSurvey } from './timisoara.seed.js';

export const BAIA_MARE_SURVEY_SLUG = 'chestionar-online-ssc-bm-2022';
/** Not published: a hundred makes every printed share a whole number of people. */
export const BAIA_MARE_RESPONSES = 100;

const ml = (ro: string, en: string, hu: string): Multiloc => ({ ro, en, hu });

/** Figure 7: the domain with the highest potential for digitalisation and innovation (printed %). */
const DOMAINS: [string, Multiloc, number][] = [
  ['locuire', ml('Locuire / stil de viață', 'Living / lifestyle', 'Lakhatás / életmód'), 34],
  ['administratie', ml('Administrație publică / guvernanță', 'Public administration / governance', 'Közigazgatás / kormányzás'), 22],
  ['mediu', ml('Mediu', 'Environment', 'Környezet'), 11],
  ['cetateni', ml('Cetățeni', 'Citizens', 'Polgárok'), 11],
  ['mobilitate', ml('Mobilitate', 'Mobility', 'Mobilitás'), 11],
  ['economie', ml('Economie', 'Economy', 'Gazdaság'), 11],
];

/** Figure 8: how citizens rate innovation activity in Baia Mare (printed %). */
const INNOVATION: [string, Multiloc, number][] = [
  ['viziune-fara-actiuni', ml('Autoritatea locală are o viziune inovatoare, însă lipsesc acțiunile concrete', 'The local authority has an innovative vision but no concrete actions', 'Az önkormányzatnak innovatív víziója van, de hiányoznak a konkrét lépések'), 40],
  ['strategie-finantata', ml('Autoritatea locală are o strategie de inovare pe care o finanțează și o pune în aplicare', 'The local authority has an innovation strategy that it funds and carries out', 'Az önkormányzatnak van innovációs stratégiája, amelyet finanszíroz és megvalósít'), 20],
  ['strategie-fara-resurse', ml('Autoritatea locală are o strategie de inovare, însă nu alocă resurse', 'The local authority has an innovation strategy but allocates no resources', 'Az önkormányzatnak van innovációs stratégiája, de nem rendel hozzá forrást'), 20],
  ['fara-viziune', ml('Autoritatea locală nu are o viziune în direcția inovării', 'The local authority has no vision for innovation', 'Az önkormányzatnak nincs innovációs víziója'), 20],
];

/** Builds the survey and its reconstructed responses; deterministic. */
export function baiaMareQuestionnaire(): SeedSurvey {
  const N = BAIA_MARE_RESPONSES;
  const sections: Section[] = [{ key: 'inovare', title: ml('Digitalizare și inovare', 'Digitalisation and innovation', 'Digitalizáció és innováció') }];
  const questions: Question[] = [
    { key: 'domeniu', type: 'single', required: true, section: 'inovare', title: ml('Care este domeniul cu cel mai ridicat potențial de digitalizare și inovație?', 'Which domain has the highest potential for digitalisation and innovation?', 'Melyik területen a legnagyobb a digitalizáció és az innováció lehetősége?'), options: DOMAINS.map(([key, label]) => ({ key, label })) },
    { key: 'inovare', type: 'single', required: true, section: 'inovare', title: ml('Cum evaluați activitățile inovatoare la nivelul municipiului Baia Mare?', 'How do you rate innovation activity in Baia Mare?', 'Hogyan értékeli Nagybánya innovációs tevékenységét?'), options: INNOVATION.map(([key, label]) => ({ key, label })) },
  ];
  const responses: Answers[] = Array.from({ length: N }, () => ({}));
  // Each answer's share of the hundred, spread with a different stride per question so the two are not paired.
  const spread = (items: [string, Multiloc, number][], key: string, stride: number) => {
    let idx = 0;
    for (const [option, , pct] of items) for (let k = 0; k < (pct * N) / 100; k++, idx++) responses[(idx * stride) % N]![key] = option;
  };
  spread(DOMAINS, 'domeniu', 1);
  spread(INNOVATION, 'inovare', 7);
  return {
    slug: BAIA_MARE_SURVEY_SLUG,
    title: ml('Chestionarul online pentru cetățeni — Strategia Smart City Baia Mare 2030', 'Citizen online survey — Baia Mare Smart City Strategy 2030', 'Online lakossági kérdőív — Nagybánya okosváros-stratégiája 2030'),
    description: ml(
      'Chestionar online din pregătirea strategiei (2022). Strategia publică doar procentele, nu și numărul de respondenți: cele 100 de răspunsuri de aici sunt RECONSTITUITE pentru a reproduce procentele tipărite (figurile 7 și 8).',
      'Online survey from the preparation of the strategy (2022). The strategy publishes only the percentages, not the number of respondents: the 100 answers here are RECONSTRUCTED to reproduce the printed percentages (Figures 7 and 8).',
      'Online kérdőív a stratégia előkészítéséből (2022). A stratégia csak a százalékokat közli, a válaszadók számát nem: az itt látható 100 válasz REKONSTRUÁLT, hogy a nyomtatott százalékokat adja vissza (7. és 8. ábra).',
    ),
    sections,
    questions,
    responses,
    codings: [],
  };
}
