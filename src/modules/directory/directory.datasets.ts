/**
 * The directory's open datasets, declared through the open-data module's service API (the catalogue
 * generates their files on request): the NGO register, and one map layer per kind of place.
 */
import type { Multiloc } from '../../core/i18n.js';
import { toCsv } from '../../core/csv.js';
import type { OpendataService } from '../opendata/index.js';
import type { DirectoryService } from './directory.service.js';
import { presentOrganisation, REGISTER_COLUMNS } from './organisations/organisations.presenter.js';

export function registerDirectoryDatasets(od: OpendataService, svc: DirectoryService): void {
  const ngos = (tenantId: number) => svc.organisations.list(tenantId, { ngo: true });
  od.registerPlatformDataset({
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
    available: async (t) => (await ngos(t.id)).length > 0,
    modified: async (t) => {
      const rows = await ngos(t.id);
      return rows.length ? new Date(Math.max(...rows.map((r) => r.updated_at.getTime()))) : null;
    },
    distributions: [
      { id: 'ngo-register', format: 'CSV', generate: async (t) => toCsv(await ngos(t.id), REGISTER_COLUMNS) },
      { id: 'ngo-register', format: 'JSON', generate: async (t) => JSON.stringify((await ngos(t.id)).map((o) => presentOrganisation(o, t.slug))) },
    ],
    collection: {
      id: 'ngo-register',
      title: { ro: 'ONG-uri', en: 'NGOs' } as Multiloc,
      description: { ro: 'ONG-urile cu sediu pe hartă.', en: 'NGOs with their seat on the map.' },
      features: async (t) =>
        (await ngos(t.id))
          .filter((o) => o.lat !== null && o.lon !== null)
          .map((o) => ({ id: String(o.id), geometry: { type: 'Point', coordinates: [o.lon, o.lat] }, properties: { name: (o.name as Multiloc).ro, kind: o.kind, cui: o.cui, verified: o.verified_at !== null, website: o.website } })),
    },
  });
}
