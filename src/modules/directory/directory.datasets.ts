/**
 * The directory's open datasets, declared through the open-data module's service API (the catalogue
 * generates their files on request): the NGO register, and one map layer per kind of place.
 */
import type { Multiloc } from '../../core/i18n.js';
import { toCsv } from '../../core/csv.js';
import { geoJsonFile, hasRows, type PlatformDatasetDef } from '../opendata/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { DirectoryService } from './directory.service.js';
import { presentOrganisation, REGISTER_COLUMNS } from './organisations/organisations.presenter.js';
import { PLACE_KINDS, type PlaceKind } from './places/places.osm.js';
import { OSM_ATTRIBUTION, placeFeature } from './places/places.presenter.js';

/** Each kind of place as it is named in the catalogue and on the map. */
export const PLACE_KIND_NAMES: Record<PlaceKind, Multiloc> = {
  lab: { ro: 'Laboratoare', en: 'Labs', hu: 'Laboratóriumok' },
  makerspace: { ro: 'Makerspace-uri și hackerspace-uri', en: 'Maker spaces and hackerspaces', hu: 'Makerspace-ek és hackerspace-ek' },
  coworking: { ro: 'Spații de coworking', en: 'Coworking spaces', hu: 'Coworking irodák' },
  incubator: { ro: 'Incubatoare și acceleratoare', en: 'Incubators and accelerators', hu: 'Inkubátorok és gyorsítók' },
  tech_park: { ro: 'Parcuri tehnologice', en: 'Tech parks', hu: 'Technológiai parkok' },
  university: { ro: 'Universități și centre de cercetare universitare', en: 'Universities and colleges', hu: 'Egyetemek és főiskolák' },
  research: { ro: 'Institute de cercetare', en: 'Research institutes', hu: 'Kutatóintézetek' },
  ev_charging: { ro: 'Stații de încărcare pentru vehicule electrice', en: 'EV charging stations', hu: 'Elektromosautó-töltőállomások' },
  disused_space: { ro: 'Spații dezafectate disponibile temporar', en: 'Disused spaces available for temporary use', hu: 'Ideiglenesen használható üres terek' },
  public_wifi: { ro: 'Wi-Fi public', en: 'Public Wi-Fi', hu: 'Nyilvános Wi-Fi' },
  library: { ro: 'Biblioteci', en: 'Libraries', hu: 'Könyvtárak' },
  community_centre: { ro: 'Centre comunitare', en: 'Community centres', hu: 'Közösségi házak' },
  funding_programme: { ro: 'Programe de finanțare', en: 'Funding programmes', hu: 'Finanszírozási programok' },
};

export function directoryDatasets(svc: DirectoryService): PlatformDatasetDef[] {
  const out: PlatformDatasetDef[] = [];
  for (const kind of PLACE_KINDS) {
    const rows = (t: TenantRow) => svc.places.repo.list(t.id, { kinds: [kind], status: 'published' });
    const features = async (t: TenantRow) => (await rows(t)).map(placeFeature);
    const id = `places-${kind.replace(/_/g, '-')}`;
    const name = PLACE_KIND_NAMES[kind];
    out.push({
      id,
      module: 'directory',
      title: { ro: `Harta resurselor: ${name.ro}`, en: `Resource map: ${name.en}`, hu: `Erőforrástérkép: ${name.hu}` },
      description: {
        ro: `${name.ro} de pe harta resurselor orașului (nume, tip, adresă, operator, coordonate WGS84). Locurile importate din OpenStreetMap: ${OSM_ATTRIBUTION}.`,
        en: `${name.en} on the city's resource map (name, kind, address, operator, WGS84 coordinates). Places imported from OpenStreetMap: ${OSM_ATTRIBUTION}.`,
        hu: `${name.hu} a város erőforrástérképén (név, típus, cím, üzemeltető, WGS84 koordináták). Az OpenStreetMapből importált helyek: ${OSM_ATTRIBUTION}.`,
      },
      themes: kind === 'ev_charging' ? ['TRAN', 'ENER'] : kind === 'funding_programme' ? ['ECON'] : ['ECON', 'EDUC'],
      keywords: { ro: ['harta resurselor', name.ro.toLowerCase()], en: ['resource map', (name.en ?? '').toLowerCase()] },
      frequency: 'IRREG',
      available: hasRows(rows),
      modified: async (t) => ((await svc.places.repo.lastChange(t.id))?.at as Date | null | undefined) ?? null,
      distributions: [
        geoJsonFile(id, features),
        { id, format: 'CSV', generate: async (t) => toCsv(await features(t), [{ header: 'id', value: (f) => f.id }, { header: 'name', value: (f) => f.properties.name }, { header: 'kind', value: (f) => f.properties.kind }, { header: 'lat', value: (f) => (f.geometry?.coordinates[1] as number | undefined) ?? null }, { header: 'lon', value: (f) => (f.geometry?.coordinates[0] as number | undefined) ?? null }, { header: 'address', value: (f) => f.properties.address }, { header: 'operator', value: (f) => f.properties.operator }, { header: 'website', value: (f) => f.properties.website }, { header: 'max_power_kw', value: (f) => f.properties.max_power_kw }, { header: 'osm_id', value: (f) => f.properties.osm_id }, { header: 'source', value: (f) => f.properties.source }]) },
      ],
      ...(kind === 'funding_programme' ? {} : { collection: { id, title: name, description: { ro: `${name.ro} (harta resurselor).`, en: `${name.en} (resource map).` }, features } }),
    });
  }

  const ngos = (t: TenantRow) => svc.organisations.list(t.id, { ngo: true });
  out.push({
    id: 'ngo-register',
    module: 'directory',
    title: { ro: 'Registrul ONG-urilor', en: 'NGO register', hu: 'Civil szervezetek nyilvántartása' },
    description: {
      ro: 'Organizațiile neguvernamentale înscrise pe platformă: denumire, CUI, număr în Registrul național ONG, formă juridică, domenii, statut de utilitate publică, adresă și verificare de către primărie. Datele de contact apar doar cu acordul organizației.',
      en: 'The non-governmental organisations registered on the platform: name, CUI, national NGO registry number, legal form, domains, public-utility status, address and whether the city verified them. Contact details only with the organisation\'s consent.',
      hu: 'A platformon nyilvántartott civil szervezetek: név, adószám, országos civil nyilvántartási szám, jogi forma, tevékenységi területek, közhasznúság, cím és a városi ellenőrzés. Kapcsolattartási adatok csak a szervezet hozzájárulásával.',
    },
    themes: ['GOVE', 'SOCI'],
    keywords: { ro: ['ONG', 'societate civilă', 'registru'], en: ['NGO', 'civil society', 'register'] },
    frequency: 'CONT',
    available: hasRows(ngos),
    modified: async (t) => {
      const rows = await ngos(t);
      return rows.length ? new Date(Math.max(...rows.map((r) => r.updated_at.getTime()))) : null;
    },
    distributions: [
      { id: 'ngo-register', format: 'CSV', generate: async (t) => toCsv(await ngos(t), REGISTER_COLUMNS) },
      { id: 'ngo-register', format: 'JSON', generate: async (t) => JSON.stringify((await ngos(t)).map((o) => presentOrganisation(o, t.slug))) },
    ],
    collection: {
      id: 'ngo-register',
      title: { ro: 'ONG-uri', en: 'NGOs' } as Multiloc,
      description: { ro: 'ONG-urile cu sediu pe hartă.', en: 'NGOs with their seat on the map.' },
      features: async (t) =>
        (await ngos(t))
          .filter((o) => o.lat !== null && o.lon !== null)
          .map((o) => ({ id: String(o.id), geometry: { type: 'Point', coordinates: [o.lon, o.lat] }, properties: { name: (o.name as Multiloc).ro, kind: o.kind, cui: o.cui, verified: o.verified_at !== null, website: o.website } })),
    },
  });
  return out;
}
