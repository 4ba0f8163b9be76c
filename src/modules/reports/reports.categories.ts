/**
 * The categories both cities start with (FixMyStreet-style), each routed to a department with a target
 * resolution time in days. Names are Romanian first, with English and Hungarian.
 */
import type { Multiloc } from '../../core/i18n.js';
import type { CategoryAttribute } from './reports.tables.js';

export interface CategorySeed {
  code: string;
  name: Multiloc;
  description: Multiloc;
  group: Multiloc;
  department: Multiloc;
  targetDays: number;
  keywords: string;
  attributes?: CategoryAttribute[];
}

const ROADS: Multiloc = { ro: 'Drumuri și trotuare', en: 'Roads and pavements', hu: 'Utak és járdák' };
const CLEAN: Multiloc = { ro: 'Curățenie', en: 'Cleanliness', hu: 'Tisztaság' };
const PUBLIC_SPACE: Multiloc = { ro: 'Spațiu public', en: 'Public space', hu: 'Közterület' };
const TRAFFIC: Multiloc = { ro: 'Trafic și transport', en: 'Traffic and transport', hu: 'Közlekedés' };
const OTHER: Multiloc = { ro: 'Altele', en: 'Other', hu: 'Egyéb' };

const D_ROADS: Multiloc = { ro: 'Direcția Drumuri și Poduri', en: 'Roads and Bridges Department', hu: 'Út- és Hídügyi Igazgatóság' };
const D_LIGHT: Multiloc = { ro: 'Serviciul Iluminat Public', en: 'Public Lighting Service', hu: 'Közvilágítási Szolgálat' };
const D_CLEAN: Multiloc = { ro: 'Direcția de Salubrizare', en: 'Sanitation Department', hu: 'Köztisztasági Igazgatóság' };
const D_GREEN: Multiloc = { ro: 'Direcția Spații Verzi', en: 'Green Spaces Department', hu: 'Zöldterületi Igazgatóság' };
const D_POLICE: Multiloc = { ro: 'Poliția Locală', en: 'Local Police', hu: 'Helyi Rendőrség' };
const D_TRAFFIC: Multiloc = { ro: 'Serviciul Circulație', en: 'Traffic Management Service', hu: 'Forgalomirányítási Szolgálat' };
const D_TRANSPORT: Multiloc = { ro: 'Societatea de Transport Public', en: 'Public Transport Company', hu: 'Közszállítási Vállalat' };
const D_PATRIMONY: Multiloc = { ro: 'Direcția Patrimoniu', en: 'Public Property Department', hu: 'Vagyonkezelési Igazgatóság' };
const D_ANIMALS: Multiloc = { ro: 'Serviciul Gestionare Câini fără Stăpân', en: 'Stray Animal Service', hu: 'Kóbor Állatok Szolgálata' };

export const CATEGORY_SEEDS: CategorySeed[] = [
  {
    code: 'pothole',
    name: { ro: 'Gropi și carosabil deteriorat', en: 'Potholes and road surface', hu: 'Kátyúk és úttest' },
    description: { ro: 'Gropi, fisuri, capace de canal lipsă pe carosabil', en: 'Potholes, cracks, missing manhole covers on the road', hu: 'Kátyúk, repedések, hiányzó aknafedelek' },
    group: ROADS, department: D_ROADS, targetDays: 14, keywords: 'groapa,asfalt,pothole,road',
    attributes: [
      {
        code: 'size', datatype: 'singlevaluelist', required: true,
        description: { ro: 'Cât de mare este groapa?', en: 'How big is the pothole?', hu: 'Mekkora a kátyú?' },
        values: [
          { key: 'small', name: { ro: 'Mică (sub 30 cm)', en: 'Small (under 30 cm)', hu: 'Kicsi (30 cm alatt)' } },
          { key: 'medium', name: { ro: 'Medie (30–100 cm)', en: 'Medium (30–100 cm)', hu: 'Közepes (30–100 cm)' } },
          { key: 'large', name: { ro: 'Mare (peste 1 m)', en: 'Large (over 1 m)', hu: 'Nagy (1 m felett)' } },
        ],
      },
    ],
  },
  { code: 'sidewalk', name: { ro: 'Trotuare', en: 'Pavements', hu: 'Járdák' }, description: { ro: 'Dale sparte, borduri, trotuare impracticabile', en: 'Broken slabs, kerbs, impassable pavements', hu: 'Törött lapok, szegélyek, járhatatlan járdák' }, group: ROADS, department: D_ROADS, targetDays: 21, keywords: 'trotuar,dale,sidewalk' },
  { code: 'street_light', name: { ro: 'Iluminat public', en: 'Street lighting', hu: 'Közvilágítás' }, description: { ro: 'Stâlpi de iluminat stinși sau defecți', en: 'Street lights out or faulty', hu: 'Nem működő vagy hibás lámpák' }, group: PUBLIC_SPACE, department: D_LIGHT, targetDays: 7, keywords: 'bec,lampa,iluminat,light' },
  { code: 'illegal_dumping', name: { ro: 'Gunoi și depozitări ilegale', en: 'Rubbish and illegal dumping', hu: 'Szemét és illegális lerakás' }, description: { ro: 'Deșeuri aruncate ilegal, moloz', en: 'Illegally dumped waste, rubble', hu: 'Illegálisan lerakott hulladék, törmelék' }, group: CLEAN, department: D_CLEAN, targetDays: 5, keywords: 'gunoi,deseuri,moloz,garbage' },
  { code: 'overflowing_bin', name: { ro: 'Coșuri de gunoi pline', en: 'Overflowing bins', hu: 'Túltelt kukák' }, description: { ro: 'Containere sau coșuri stradale pline', en: 'Full street bins or containers', hu: 'Megtelt utcai kukák, konténerek' }, group: CLEAN, department: D_CLEAN, targetDays: 2, keywords: 'cos,container,bin' },
  { code: 'graffiti', name: { ro: 'Graffiti', en: 'Graffiti', hu: 'Graffiti' }, description: { ro: 'Inscripții pe clădiri publice sau mobilier urban', en: 'Graffiti on public buildings or street furniture', hu: 'Falfirkák középületeken, utcabútorokon' }, group: CLEAN, department: D_CLEAN, targetDays: 30, keywords: 'graffiti,vandalism' },
  { code: 'street_furniture', name: { ro: 'Mobilier urban deteriorat', en: 'Damaged street furniture', hu: 'Sérült utcabútor' }, description: { ro: 'Bănci, stâlpișori, garduri stricate', en: 'Broken benches, bollards, fences', hu: 'Törött padok, oszlopok, kerítések' }, group: PUBLIC_SPACE, department: D_PATRIMONY, targetDays: 30, keywords: 'banca,mobilier,bench' },
  { code: 'playground', name: { ro: 'Locuri de joacă', en: 'Playgrounds', hu: 'Játszóterek' }, description: { ro: 'Echipamente de joacă stricate sau periculoase', en: 'Broken or dangerous play equipment', hu: 'Törött vagy veszélyes játszótéri eszközök' }, group: PUBLIC_SPACE, department: D_PATRIMONY, targetDays: 10, keywords: 'loc de joaca,leagan,playground' },
  { code: 'trees', name: { ro: 'Copaci și spații verzi', en: 'Trees and green spaces', hu: 'Fák és zöldterületek' }, description: { ro: 'Crengi rupte, copaci periculoși, iarbă netăiată', en: 'Broken branches, dangerous trees, uncut grass', hu: 'Letört ágak, veszélyes fák, nyíratlan fű' }, group: PUBLIC_SPACE, department: D_GREEN, targetDays: 14, keywords: 'copac,creanga,iarba,tree' },
  { code: 'ragweed', name: { ro: 'Ambrozie pe terenuri neîngrijite', en: 'Ragweed on neglected land', hu: 'Parlagfű elhanyagolt területen' }, description: { ro: 'Ambrozie (alergenă) pe terenuri virane; proprietarii au obligația legală să o distrugă', en: 'Ragweed (allergenic) on vacant lots; owners must by law destroy it', hu: 'Parlagfű (allergén) üres telkeken; a tulajdonos köteles irtani' }, group: PUBLIC_SPACE, department: D_GREEN, targetDays: 14, keywords: 'ambrozie,ragweed,alergie' },
  { code: 'illegal_parking', name: { ro: 'Parcare ilegală', en: 'Illegal parking', hu: 'Szabálytalan parkolás' }, description: { ro: 'Mașini parcate pe trotuar, pe spații verzi sau în locuri interzise', en: 'Cars parked on pavements, green areas or where forbidden', hu: 'Járdán, zöldterületen vagy tilosban parkoló autók' }, group: TRAFFIC, department: D_POLICE, targetDays: 1, keywords: 'parcare,masina,parking' },
  { code: 'traffic_signs', name: { ro: 'Indicatoare și semafoare', en: 'Traffic signs and lights', hu: 'Közlekedési táblák és lámpák' }, description: { ro: 'Indicatoare lipsă sau semafoare defecte', en: 'Missing signs or faulty traffic lights', hu: 'Hiányzó táblák vagy hibás jelzőlámpák' }, group: TRAFFIC, department: D_TRAFFIC, targetDays: 3, keywords: 'semafor,indicator,sign' },
  { code: 'transit_stop', name: { ro: 'Stații de transport public', en: 'Public transport stops', hu: 'Megállók' }, description: { ro: 'Stații deteriorate, afișaj defect, adăpost spart', en: 'Damaged stops, broken displays or shelters', hu: 'Sérült megállók, kijelzők vagy váróhelyiségek' }, group: TRAFFIC, department: D_TRANSPORT, targetDays: 14, keywords: 'statie,autobuz,tramvai,stop' },
  { code: 'stray_animals', name: { ro: 'Animale fără stăpân', en: 'Stray animals', hu: 'Kóbor állatok' }, description: { ro: 'Câini fără stăpân, animale rănite', en: 'Stray dogs, injured animals', hu: 'Kóbor kutyák, sérült állatok' }, group: OTHER, department: D_ANIMALS, targetDays: 3, keywords: 'caini,animale,stray' },
  { code: 'noise', name: { ro: 'Zgomot', en: 'Noise', hu: 'Zaj' }, description: { ro: 'Zgomot excesiv de la șantiere, localuri sau trafic', en: 'Excessive noise from building sites, venues or traffic', hu: 'Túlzott zaj építkezésről, szórakozóhelyről vagy forgalomból' }, group: OTHER, department: D_POLICE, targetDays: 7, keywords: 'zgomot,galagie,noise' },
];
