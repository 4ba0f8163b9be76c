/**
 * Units of KPIs and status-quo figures, as codes with labels in ro/en/hu.
 *
 * Codes are UCUM (https://ucum.org/ucum): a UCUM unit where one exists (`%`, `ug/m3`, `ha`, `d`, `km`), and
 * for counts of things UCUM's annotation syntax `{thing}` (UCUM reads it as the dimensionless 1, so a code
 * stays valid UCUM for other tools) — `{participant}`, `{dataset}`, `km/10*3{inhabitant}`. The labels are what
 * people read, in the viewer's language. Shared by the server (validation, API labels) and the web app.
 * (Imported by both `src/` and `web/src/`; keep it free of Node-only imports.)
 */
export interface UnitLabel {
  ro: string;
  en: string;
  hu: string;
}

export const UNITS = {
  // Physical units (UCUM)
  '%': { ro: '%', en: '%', hu: '%' },
  '[ppth]': { ro: '‰', en: '‰', hu: '‰' },
  'ug/m3': { ro: 'µg/m³', en: 'µg/m³', hu: 'µg/m³' },
  '[ppm]': { ro: 'ppm', en: 'ppm', hu: 'ppm' },
  d: { ro: 'zile', en: 'days', hu: 'nap' },
  a: { ro: 'ani', en: 'years', hu: 'év' },
  ha: { ro: 'ha', en: 'ha', hu: 'ha' },
  km: { ro: 'km', en: 'km', hu: 'km' },
  t: { ro: 't', en: 't', hu: 't' },
  MW_h: { ro: 'MWh', en: 'MWh', hu: 'MWh' },
  '{MWh}/{MWh}': { ro: 'MWh/MWh', en: 'MWh/MWh', hu: 'MWh/MWh' },
  't{CO2}': { ro: 't CO₂', en: 't CO₂', hu: 't CO₂' },
  't{CO2}/{inhabitant}': { ro: 't CO₂/locuitor', en: 't CO₂/inhabitant', hu: 't CO₂/lakos' },
  'm2/{inhabitant}': { ro: 'm²/locuitor', en: 'm²/inhabitant', hu: 'm²/lakos' },
  'm3/{inhabitant}': { ro: 'm³/locuitor', en: 'm³/inhabitant', hu: 'm³/lakos' },
  'kg/{inhabitant}': { ro: 'kg/locuitor', en: 'kg/inhabitant', hu: 'kg/lakos' },
  '[USD]/{inhabitant}': { ro: 'USD/locuitor', en: 'USD/inhabitant', hu: 'USD/lakos' },
  '{station}/km2': { ro: 'stații/km²', en: 'stations/km²', hu: 'állomás/km²' },
  'km/10*3{inhabitant}': { ro: 'km/1000 locuitori', en: 'km/1,000 inhabitants', hu: 'km/1000 lakos' },
  // Rates per 1,000 inhabitants
  '{NGO}/10*3{inhabitant}': { ro: 'ONG/1000 locuitori', en: 'NGOs/1,000 inhabitants', hu: 'civil szervezet/1000 lakos' },
  '{doctor}/10*3{inhabitant}': { ro: 'medici/1000 locuitori', en: 'doctors/1,000 inhabitants', hu: 'orvos/1000 lakos' },
  '{bed}/10*3{inhabitant}': { ro: 'paturi/1000 locuitori', en: 'beds/1,000 inhabitants', hu: 'kórházi ágy/1000 lakos' },
  '{bicycle}/10*3{inhabitant}': { ro: 'biciclete/1000 locuitori', en: 'bicycles/1,000 inhabitants', hu: 'kerékpár/1000 lakos' },
  '{station}/10*3{inhabitant}': { ro: 'stații/1000 locuitori', en: 'stations/1,000 inhabitants', hu: 'állomás/1000 lakos' },
  '{accident}/10*3{inhabitant}': { ro: 'accidente/1000 locuitori', en: 'accidents/1,000 inhabitants', hu: 'baleset/1000 lakos' },
  '{car}/10*3{inhabitant}': { ro: 'autoturisme/1000 locuitori', en: 'cars/1,000 inhabitants', hu: 'személyautó/1000 lakos' },
  '{pupil}/{teacher}': { ro: 'elevi/cadru didactic', en: 'pupils/teacher', hu: 'tanuló/pedagógus' },
  '{spectator}/{inhabitant}': { ro: 'spectatori/locuitor', en: 'spectators/inhabitant', hu: 'néző/lakos' },
  '{crime}/{inhabitant}': { ro: 'infracțiuni/locuitor', en: 'crimes/inhabitant', hu: 'bűncselekmény/lakos' },
  '{event}/a': { ro: 'evenimente/an', en: 'events/year', hu: 'esemény/év' },
  '10*3{trip}': { ro: 'mii de călătorii', en: 'thousand trips', hu: 'ezer utazás' },
  '{congestion_index}': { ro: 'indice de congestie', en: 'congestion index', hu: 'torlódási index' },
  // Counts of things
  '{participant}': { ro: 'participanți', en: 'participants', hu: 'résztvevő' },
  '{respondent}': { ro: 'respondenți', en: 'respondents', hu: 'válaszadó' },
  '{inhabitant}': { ro: 'locuitori', en: 'inhabitants', hu: 'lakos' },
  '{voter}': { ro: 'alegători', en: 'voters', hu: 'választó' },
  '{council}': { ro: 'consilii', en: 'councils', hu: 'tanács' },
  '{dataset}': { ro: 'seturi de date', en: 'datasets', hu: 'adatkészlet' },
  '{view}': { ro: 'vizualizări', en: 'views', hu: 'megtekintés' },
  '{app}': { ro: 'aplicații', en: 'apps', hu: 'alkalmazás' },
  '{platform}': { ro: 'platforme', en: 'platforms', hu: 'platform' },
  '{system}': { ro: 'sisteme', en: 'systems', hu: 'rendszer' },
  '{plan}': { ro: 'planuri', en: 'plans', hu: 'terv' },
  '{centre}': { ro: 'centre', en: 'centres', hu: 'központ' },
  '{facility_or_incentive}': { ro: 'facilități și stimulente', en: 'facilities and incentives', hu: 'kedvezmény és ösztönző' },
  '{register}': { ro: 'registre', en: 'registers', hu: 'nyilvántartás' },
  '{ambassador}': { ro: 'ambasadori', en: 'ambassadors', hu: 'nagykövet' },
  '{kiosk}': { ro: 'chioșcuri', en: 'kiosks', hu: 'kioszk' },
  '{living_lab}': { ro: 'laboratoare vii (living lab)', en: 'living labs', hu: 'élő labor' },
  '{package}': { ro: 'pachete', en: 'packages', hu: 'csomag' },
  '{partnership}': { ro: 'parteneriate', en: 'partnerships', hu: 'partnerség' },
  '{network_or_partnership}': { ro: 'rețele și parteneriate', en: 'networks and partnerships', hu: 'hálózat és partnerség' },
  '{hub}': { ro: 'huburi', en: 'hubs', hu: 'központ (hub)' },
  '{brand}': { ro: 'branduri', en: 'brands', hu: 'márka' },
  '{map}': { ro: 'hărți', en: 'maps', hu: 'térkép' },
  '{building}': { ro: 'clădiri', en: 'buildings', hu: 'épület' },
  '{device}': { ro: 'dispozitive', en: 'devices', hu: 'eszköz' },
  '{corridor}': { ro: 'coridoare', en: 'corridors', hu: 'folyosó' },
  '{procedure}': { ro: 'proceduri', en: 'procedures', hu: 'eljárás' },
  '{workshop}': { ro: 'ateliere', en: 'workshops', hu: 'műhely' },
  '{installation}': { ro: 'instalații', en: 'installations', hu: 'berendezés' },
  '{charging_station}': { ro: 'stații de încărcare', en: 'charging stations', hu: 'töltőállomás' },
  '{technology_or_solution}': { ro: 'tehnologii și soluții', en: 'technologies and solutions', hu: 'technológia és megoldás' },
  '{portal}': { ro: 'portaluri', en: 'portals', hu: 'portál' },
  '{company}': { ro: 'firme', en: 'companies', hu: 'cég' },
  '{enterprise}': { ro: 'întreprinderi', en: 'enterprises', hu: 'vállalkozás' },
  '{laboratory}': { ro: 'laboratoare', en: 'laboratories', hu: 'laboratórium' },
  '{hpc_infrastructure}': { ro: 'infrastructuri HPC', en: 'HPC infrastructures', hu: 'HPC-infrastruktúra' },
  '{incubator}': { ro: 'incubatoare', en: 'incubators', hu: 'inkubátor' },
  '{fund}': { ro: 'fonduri', en: 'funds', hu: 'alap' },
  '{accelerator}': { ro: 'acceleratoare', en: 'accelerators', hu: 'gyorsító' },
  '{graduate}': { ro: 'absolvenți', en: 'graduates', hu: 'végzett hallgató' },
  '{student}': { ro: 'studenți', en: 'students', hu: 'hallgató' },
  '{passenger}': { ro: 'pasageri', en: 'passengers', hu: 'utas' },
  '{twinning}': { ro: 'înfrățiri', en: 'twinnings', hu: 'testvérvárosi kapcsolat' },
  '{network}': { ro: 'rețele', en: 'networks', hu: 'hálózat' },
  '{collection_point}': { ro: 'puncte de colectare', en: 'collection points', hu: 'gyűjtőpont' },
  '{sensor}': { ro: 'senzori', en: 'sensors', hu: 'érzékelő' },
  '{crime}': { ro: 'infracțiuni', en: 'crimes', hu: 'bűncselekmény' },
  '{hall}': { ro: 'săli', en: 'halls', hu: 'terem' },
  '{seat}': { ro: 'locuri', en: 'seats', hu: 'férőhely' },
  '{museum}': { ro: 'muzee', en: 'museums', hu: 'múzeum' },
  '{connection}': { ro: 'conexiuni', en: 'connections', hu: 'kapcsolat' },
  '{bike}': { ro: 'biciclete', en: 'bikes', hu: 'kerékpár' },
  '{vehicle}': { ro: 'vehicule', en: 'vehicles', hu: 'jármű' },
  '{mode}': { ro: 'moduri', en: 'modes', hu: 'mód' },
  '{tree}': { ro: 'copaci', en: 'trees', hu: 'fa' },
  '{rank}': { ro: 'locul', en: 'rank', hu: 'helyezés' },
} as const satisfies Record<string, UnitLabel>;

export type UnitCode = keyof typeof UNITS;
export const UNIT_CODES = Object.keys(UNITS) as UnitCode[];

export function isUnitCode(code: string): code is UnitCode {
  return Object.prototype.hasOwnProperty.call(UNITS, code);
}

/** The label of a unit in `locale`; an unknown code (an older document) is shown as it is. */
export function unitLabel(code: string, locale: string): string {
  if (!isUnitCode(code)) return code;
  const l: UnitLabel = UNITS[code];
  return l[locale as keyof UnitLabel] ?? l.ro;
}

/**
 * The free-text units the strategies were first transcribed with (English glosses for Timișoara, Romanian for
 * Baia Mare), mapped to codes. Used once, by the migration that turned stored units into codes, and by the
 * importer so an older strategy document still loads.
 */
export const LEGACY_UNITS: Record<string, UnitCode> = {
  '%': '%',
  '‰': '[ppth]',
  'μg/m³': 'ug/m3',
  'µg/m³': 'ug/m3',
  ppm: '[ppm]',
  days: 'd',
  ani: 'a',
  ha: 'ha',
  km: 'km',
  MWh: 'MW_h',
  'MWh/MWh': '{MWh}/{MWh}',
  't CO2': 't{CO2}',
  't CO2/locuitor': 't{CO2}/{inhabitant}',
  'm²/inhabitant': 'm2/{inhabitant}',
  'mp/locuitor': 'm2/{inhabitant}',
  'm³/inhabitant': 'm3/{inhabitant}',
  'kg/inhabitant': 'kg/{inhabitant}',
  'USD/locuitor': '[USD]/{inhabitant}',
  'stații/kmp': '{station}/km2',
  'km/1000 locuitori': 'km/10*3{inhabitant}',
  'ONG/1000 locuitori': '{NGO}/10*3{inhabitant}',
  'medici/1000 locuitori': '{doctor}/10*3{inhabitant}',
  'paturi/1000 locuitori': '{bed}/10*3{inhabitant}',
  'biciclete/1000 locuitori': '{bicycle}/10*3{inhabitant}',
  'stații/1000 locuitori': '{station}/10*3{inhabitant}',
  'accidente/1000 locuitori': '{accident}/10*3{inhabitant}',
  'autoturisme/1000 locuitori': '{car}/10*3{inhabitant}',
  'elevi/cadru didactic': '{pupil}/{teacher}',
  'spectators/inhabitant': '{spectator}/{inhabitant}',
  'crimes/inhabitant': '{crime}/{inhabitant}',
  'events/year': '{event}/a',
  'thousand trips': '10*3{trip}',
  'congestion index': '{congestion_index}',
  participants: '{participant}',
  respondents: '{respondent}',
  inhabitants: '{inhabitant}',
  loc: '{rank}',
  voters: '{voter}',
  councils: '{council}',
  datasets: '{dataset}',
  views: '{view}',
  apps: '{app}',
  app: '{app}',
  platform: '{platform}',
  system: '{system}',
  plan: '{plan}',
  centre: '{centre}',
  'facilities and incentives': '{facility_or_incentive}',
  register: '{register}',
  ambassadors: '{ambassador}',
  kiosks: '{kiosk}',
  'living lab': '{living_lab}',
  package: '{package}',
  partnerships: '{partnership}',
  'networks and partnerships': '{network_or_partnership}',
  hub: '{hub}',
  brand: '{brand}',
  map: '{map}',
  buildings: '{building}',
  clădiri: '{building}',
  devices: '{device}',
  corridors: '{corridor}',
  procedure: '{procedure}',
  workshops: '{workshop}',
  installations: '{installation}',
  'charging stations': '{charging_station}',
  'technologies and solutions': '{technology_or_solution}',
  portal: '{portal}',
  firme: '{company}',
  enterprises: '{enterprise}',
  laboratories: '{laboratory}',
  'HPC infrastructures': '{hpc_infrastructure}',
  incubators: '{incubator}',
  funds: '{fund}',
  accelerators: '{accelerator}',
  graduates: '{graduate}',
  students: '{student}',
  passengers: '{passenger}',
  twinnings: '{twinning}',
  networks: '{network}',
  'collection points': '{collection_point}',
  sensors: '{sensor}',
  crimes: '{crime}',
  halls: '{hall}',
  seats: '{seat}',
  museums: '{museum}',
  connections: '{connection}',
  bikes: '{bike}',
  vehicule: '{vehicle}',
  moduri: '{mode}',
};

/** A stored unit as a code: a code stays, a legacy free-text unit is mapped, anything else is returned unchanged. */
export function toUnitCode(unit: string): string {
  return isUnitCode(unit) ? unit : (LEGACY_UNITS[unit.trim()] ?? unit);
}
