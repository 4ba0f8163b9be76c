import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MapView, type MapFeature } from '../../../components/MapView';
import { pick } from '../../../i18n';
import { useTenant } from '../../../api/tenants/useTenants';
import { usePreview } from '../api/queries';
import { formatSize, themeLabel } from './labels';

export function DatasetPage() {
  const { tenant = '', id = '' } = useParams();
  const { t } = useTranslation();
  const city = useTenant(tenant);
  const q = usePreview(tenant, id);
  if (q.isLoading) return <p role="status">{t('opendata.loading')}</p>;
  if (q.isError || !q.data)
    return (
      <>
        <h1>{t('opendata.dataset.notFound')}</h1>
        <p>
          <Link to={`/${tenant}/opendata`}>{t('opendata.dataset.back')}</Link>
        </p>
      </>
    );
  const { dataset: d, table, map } = q.data;
  const origin = window.location.origin;
  // the preview's schema types a geometry loosely ({ type, coordinates }); the server builds it from GeoJSON
  const features: MapFeature[] = (map?.features ?? [])
    .filter((f) => f.geometry)
    .map((f) => ({ id: f.id, geometry: f.geometry as GeoJSON.Geometry, label: String(f.properties.title_ro ?? f.properties.name ?? f.properties.nume ?? f.id) }));
  const snippet = [
    `# ${t('opendata.dataset.snippetDownload')}`,
    ...d.distributions.map((x) => `curl -O ${origin}${x.downloadUrl}`),
    `# DCAT-AP`,
    `curl ${origin}${d.links.dcatTurtle}`,
    `# CKAN`,
    `curl "${origin}${d.links.ckan}"`,
    ...(d.links.ogcItems ? [`# OGC API – Features (QGIS, GDAL)`, `ogrinfo -al -so OAPIF:${origin}/ogc/${tenant}`, `curl "${origin}${d.links.ogcItems}?limit=100"`] : []),
  ].join('\n');

  return (
    <>
      <p>
        <Link to={`/${tenant}/opendata`}>{t('opendata.dataset.back')}</Link>
      </p>
      <h1>{pick(d.title)}</h1>
      {!d.published ? <p className="notice">{t('opendata.manage.unpublished')}</p> : null}
      <p>{pick(d.description)}</p>
      <dl className="od-facts">
        <dt>{t('opendata.dataset.publisher')}</dt>
        <dd>{d.publisher}</dd>
        <dt>{t('opendata.facets.theme')}</dt>
        <dd>{d.themes.map((th) => themeLabel(t, th)).join(', ') || '—'}</dd>
        <dt>{t('opendata.facets.keyword')}</dt>
        <dd>{d.keywords.map((k) => k.value).join(', ') || '—'}</dd>
        <dt>{t('opendata.dataset.license')}</dt>
        <dd>
          <a href={d.licenseUrl}>{d.license.replace(/_/g, ' ')}</a>
        </dd>
        <dt>{t('opendata.dataset.frequency')}</dt>
        <dd>{t(`opendata.frequency.${d.frequency}`, { defaultValue: d.frequency })}</dd>
        <dt>{t('opendata.dataset.modified')}</dt>
        <dd>{d.modified ? new Date(d.modified).toLocaleString() : '—'}</dd>
        {d.temporal ? (
          <>
            <dt>{t('opendata.dataset.temporal')}</dt>
            <dd>
              {d.temporal.start ?? '…'} – {d.temporal.end ?? '…'}
            </dd>
          </>
        ) : null}
        <dt>{t('opendata.dataset.source')}</dt>
        <dd>{t(`opendata.sources.${d.source}`, { defaultValue: d.source })}</dd>
      </dl>

      <h2>{t('opendata.dataset.files')}</h2>
      <ul>
        {d.distributions.map((x) => (
          <li key={x.fileName}>
            <a href={x.downloadUrl} download={x.fileName}>
              {t('opendata.dataset.download', { format: x.format })}
            </a>{' '}
            <span>
              ({x.fileName}
              {x.byteSize !== null ? `, ${formatSize(x.byteSize)}` : ''})
            </span>
          </li>
        ))}
      </ul>

      {map ? (
        <section aria-labelledby="od-map-title">
          <h2 id="od-map-title">{t('opendata.dataset.mapPreview')}</h2>
          <p>{t('opendata.dataset.mapCount', { count: features.length })}</p>
          {city.data ? (
            <MapView label={t('opendata.dataset.mapLabel', { title: pick(d.title) })} center={[city.data.centre.lat, city.data.centre.lon]} zoom={city.data.defaultZoom} boundary={city.data.boundary as GeoJSON.Geometry | null} features={features} fitToFeatures />
          ) : null}
          {!table && features.length ? (
            <ul>
              {features.slice(0, 50).map((f) => (
                <li key={f.id}>{f.label}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {table ? (
        <section aria-labelledby="od-table-title">
          <h2 id="od-table-title">{t('opendata.dataset.tablePreview')}</h2>
          {table.truncated ? <p>{t('opendata.dataset.truncated', { count: table.rows.length })}</p> : null}
          <div className="od-table-wrap" tabIndex={0} role="region" aria-labelledby="od-table-title">
            <table>
              <thead>
                <tr>
                  {table.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {!table && !map ? <p>{t('opendata.dataset.noPreview')}</p> : null}

      <h2>{t('opendata.dataset.api')}</h2>
      <p>{t('opendata.dataset.apiIntro')}</p>
      <pre className="od-snippet" tabIndex={0}>
        <code>{snippet}</code>
      </pre>
    </>
  );
}
