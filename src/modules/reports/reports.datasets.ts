/**
 * The reports' open datasets, declared in the reports manifest: the public reports without personal data
 * (also joined across a metropolitan area's members) and the neighbourhoods the statistics use.
 */
import { csvOf } from '../../core/csv.js';
import { type GeoFeature, geoJsonFile, type PlatformDatasetDef } from '../opendata/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { ModuleServices } from '../module.js';

export function reportsDatasets(reports: ModuleServices['reports']): PlatformDatasetDef[] {
  const datasets: PlatformDatasetDef[] = [];
  // Only what a public map shows: no title, description, address, photos or anything about the reporter;
  // the position is rounded to about 10 m.
  const reportRows = async (tenant: TenantRow) =>
    (await reports.list({ tenantId: tenant.id, staff: false, limit: 100_000, sort: 'oldest' })).map((r) => ({
      id: String(r.id),
      category: r.category_code,
      category_name: pickName(r.category_name),
      status: r.status,
      lat: r.lat === null ? null : Math.round(Number(r.lat) * 1e4) / 1e4,
      lon: r.lon === null ? null : Math.round(Number(r.lon) * 1e4) / 1e4,
      created_at: new Date(r.created_at).toISOString(),
      updated_at: new Date(r.updated_at).toISOString(),
      fixed_at: r.fixed_at ? new Date(r.fixed_at).toISOString() : null,
      closed_at: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      supporters: r.supporters,
    }));
  const reportFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
    (await reportRows(tenant))
      .filter((r) => r.lat !== null && r.lon !== null)
      .map(({ lat, lon, ...props }) => ({ id: props.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props, time: { start: props.created_at, end: props.closed_at ?? null } }));
  datasets.push({
    id: 'reports',
    module: 'reports',
    acrossMembers: true,
    title: { ro: 'Sesizările cetățenilor (fără date personale)', en: 'Citizen problem reports (no personal data)', hu: 'Lakossági bejelentések (személyes adatok nélkül)' },
    description: {
      ro: 'Problemele semnalate de cetățeni (gropi, iluminat, salubritate…): categorie, stare, date și poziție rotunjită. Fără text liber, adrese, fotografii sau date despre autori.',
      en: 'Problems reported by citizens (potholes, lighting, waste…): category, status, dates and a rounded position. No free text, addresses, photos or data about the reporters.',
    },
    themes: ['REGI', 'GOVE', 'TRAN'],
    keywords: { ro: ['sesizări', 'probleme urbane', 'Open311'], en: ['problem reports', 'Open311'] },
    frequency: 'UPDATE_CONT',
    available: async (t) => (await reports.count({ tenantId: t.id, staff: false, limit: 1 })) > 0,
    distributions: [
      { id: 'reports', format: 'CSV', generate: async (t) => csvOf(await reportRows(t)) },
      geoJsonFile('reports', reportFeatures),
    ],
    collection: { id: 'reports', title: { ro: 'Sesizări', en: 'Problem reports' }, description: { ro: 'Sesizările publice, fără date personale.', en: 'Public problem reports without personal data.' }, features: reportFeatures },
  });

  // The neighbourhoods the report statistics use, where the city has real polygons (Timișoara's 31
  // cartiere from OpenStreetMap: ODbL, credited in the dataset and on every feature).
  const neighbourhoodFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> => {
    const areas = reports.stats.neighbourhoods(tenant);
    if (!areas) return [];
    const today = new Date(new Date().toISOString().slice(0, 10));
    const counts = new Map((await reports.stats.byArea(tenant, new Date(today.getTime() - 365 * 86_400_000), new Date(today.getTime() + 86_400_000))).map((r) => [r.area, Number(r.submitted)]));
    return areas.items.map((a) => ({ id: a.code, geometry: a.boundary ?? null, properties: { code: a.code, name: a.name, label_lat: a.lat, label_lon: a.lon, reports_last_365_days: counts.get(a.code) ?? 0, source: areas.attribution } }));
  };
  datasets.push({
    id: 'neighbourhoods',
    module: 'reports',
    title: { ro: 'Cartierele orașului', en: 'City neighbourhoods', hu: 'A város negyedei' },
    description: {
      ro: 'Contururile cartierelor folosite de statistica sesizărilor (GeoJSON, WGS84), cu numărul de sesizări din ultimele 365 de zile. Sursa: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
      en: 'The outlines of the neighbourhoods the report statistics use (GeoJSON, WGS84), with the number of reports in the last 365 days. Source: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
      hu: 'A bejelentési statisztikák által használt negyedek körvonala (GeoJSON, WGS84), az elmúlt 365 nap bejelentéseinek számával. Forrás: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
    },
    themes: ['REGI'],
    keywords: { ro: ['cartiere', 'limite', 'OpenStreetMap'], en: ['neighbourhoods', 'boundaries', 'OpenStreetMap'] },
    frequency: 'IRREG',
    available: async (t) => !!reports.stats.neighbourhoods(t),
    distributions: [
      geoJsonFile('neighbourhoods', neighbourhoodFeatures),
      { id: 'neighbourhoods', format: 'CSV', generate: async (t) => csvOf((await neighbourhoodFeatures(t)).map((f) => f.properties)) },
    ],
    collection: { id: 'neighbourhoods', title: { ro: 'Cartiere', en: 'Neighbourhoods', hu: 'Negyedek' }, description: { ro: 'Cartierele (OpenStreetMap, ODbL 1.0).', en: 'Neighbourhoods (OpenStreetMap, ODbL 1.0).', hu: 'Negyedek (OpenStreetMap, ODbL 1.0).' }, features: neighbourhoodFeatures },
  });
  return datasets;
}

function pickName(n: unknown): string {
  return typeof n === 'string' ? n : ((n as { ro?: string } | null)?.ro ?? '');
}
