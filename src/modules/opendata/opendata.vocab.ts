/**
 * The controlled vocabularies DCAT-AP asks for (EU Publications Office NAL URIs, IANA media types), kept
 * here so every serialisation (Turtle, JSON-LD, RDF/XML, CKAN JSON) names things the same way.
 */

export const NAL = 'http://publications.europa.eu/resource/authority/';

/** EU data-theme vocabulary (dcat:theme must take at least one of these). */
export const DATA_THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;
export type DataTheme = (typeof DATA_THEMES)[number];

/** EU frequency vocabulary (dct:accrualPeriodicity). */
export const FREQUENCIES = ['CONT', 'UPDATE_CONT', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREG', 'UNKNOWN'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** EU licence vocabulary entries we offer. */
export const LICENSES = ['CC_BY_4_0', 'CC0', 'CC_BYSA_4_0', 'OGL_ROU_1_0'] as const;
export type LicenseCode = (typeof LICENSES)[number];

/** ADMS licence types of those licences (dct:type of a dct:LicenseDocument, recommended by DCAT-AP). */
export const LICENSE_TYPE = 'http://purl.org/adms/licencetype/';
export const LICENSE_TYPES: Record<LicenseCode, { code: string; label: string }[]> = {
  CC_BY_4_0: [{ code: 'Attribution', label: 'Attribution' }],
  CC0: [{ code: 'PublicDomain', label: 'Public domain' }],
  CC_BYSA_4_0: [{ code: 'Attribution', label: 'Attribution' }, { code: 'ShareAlike', label: 'Share-alike' }],
  OGL_ROU_1_0: [{ code: 'Attribution', label: 'Attribution' }],
};

/** File formats: EU file-type NAL code, IANA media type, file extension. */
export const FORMATS = {
  CSV: { nal: 'CSV', mediaType: 'text/csv', ext: 'csv' },
  JSON: { nal: 'JSON', mediaType: 'application/json', ext: 'json' },
  GEOJSON: { nal: 'GEOJSON', mediaType: 'application/geo+json', ext: 'geojson' },
  XLSX: { nal: 'XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  PDF: { nal: 'PDF', mediaType: 'application/pdf', ext: 'pdf' },
  ZIP: { nal: 'ZIP', mediaType: 'application/zip', ext: 'zip' },
  // pabulib's participatory budgeting format is ;-separated text; the file-type NAL has no entry for it.
  PB: { nal: 'TXT', mediaType: 'text/plain', ext: 'pb' },
} as const;
export type FormatCode = keyof typeof FORMATS;

export const themeUri = (t: string) => `${NAL}data-theme/${t}`;
export const frequencyUri = (f: string) => `${NAL}frequency/${f}`;
export const licenseUri = (l: string) => `${NAL}licence/${l}`;
export const fileTypeUri = (f: FormatCode) => `${NAL}file-type/${FORMATS[f].nal}`;
export const mediaTypeUri = (f: FormatCode) => `https://www.iana.org/assignments/media-types/${FORMATS[f].mediaType}`;
export const LANG_RON = `${NAL}language/RON`;
export const LANG_ENG = `${NAL}language/ENG`;
export const LANG_HUN = `${NAL}language/HUN`;
export const COUNTRY_ROU = `${NAL}country/ROU`;
/** Romania's bounding box and centroid (WKT, CRS84), which DCAT-AP recommends on every dct:Location. */
export const COUNTRY_ROU_BBOX = 'POLYGON((20.26 43.62,29.76 43.62,29.76 48.27,20.26 48.27,20.26 43.62))';
export const COUNTRY_ROU_CENTROID = 'POINT(24.97 45.94)';
export const ACCESS_PUBLIC = `${NAL}access-right/PUBLIC`;
export const AVAILABILITY_STABLE = 'http://data.europa.eu/r5r/availability/stable';
export const PUBLISHER_LOCAL_AUTHORITY = 'http://purl.org/adms/publishertype/LocalAuthority';
export const DATA_THEME_SCHEME = `${NAL}data-theme`;

/**
 * The preferred labels of the concepts we link to (DCAT-AP's Category shape wants a skos:prefLabel on every
 * skos:Concept in the data, and a dct:title on every skos:ConceptScheme), as the EU vocabularies give them.
 */
export const CONCEPT_LABELS = {
  availabilityStable: { en: 'stable' },
  localAuthority: { en: 'Local Authority' },
  dataThemeScheme: { en: 'Data theme' },
} as const;

/** Theme names for people (the catalogue facets), ro/en/hu. */
export const THEME_LABELS: Record<DataTheme, { ro: string; en: string; hu: string }> = {
  AGRI: { ro: 'Agricultură, pescuit, silvicultură și alimentație', en: 'Agriculture, fisheries, forestry and food', hu: 'Mezőgazdaság, halászat, erdészet és élelmiszer' },
  ECON: { ro: 'Economie și finanțe', en: 'Economy and finance', hu: 'Gazdaság és pénzügy' },
  EDUC: { ro: 'Educație, cultură și sport', en: 'Education, culture and sport', hu: 'Oktatás, kultúra és sport' },
  ENER: { ro: 'Energie', en: 'Energy', hu: 'Energia' },
  ENVI: { ro: 'Mediu', en: 'Environment', hu: 'Környezet' },
  GOVE: { ro: 'Guvern și sector public', en: 'Government and public sector', hu: 'Kormányzat és közszféra' },
  HEAL: { ro: 'Sănătate', en: 'Health', hu: 'Egészségügy' },
  INTR: { ro: 'Chestiuni internaționale', en: 'International issues', hu: 'Nemzetközi ügyek' },
  JUST: { ro: 'Justiție, sistem juridic și siguranță publică', en: 'Justice, legal system and public safety', hu: 'Igazságügy, jogrendszer és közbiztonság' },
  REGI: { ro: 'Regiuni și orașe', en: 'Regions and cities', hu: 'Régiók és városok' },
  SOCI: { ro: 'Populație și societate', en: 'Population and society', hu: 'Népesség és társadalom' },
  TECH: { ro: 'Știință și tehnologie', en: 'Science and technology', hu: 'Tudomány és technológia' },
  TRAN: { ro: 'Transport', en: 'Transport', hu: 'Közlekedés' },
};

/** Lower-case, without diacritics: what search compares (PostgreSQL's unaccent is not available on PGlite). */
export function normalizeText(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
