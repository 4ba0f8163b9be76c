import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useCan } from '../../../api/auth/useCan';
import { useTenant } from '../../../api/tenants/useTenants';
import { MapView, type MapFeature } from '../../../components/MapView';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useAreas, useCategories, useReportMap, useReports } from '../api/queries';
import { STATUSES } from '../api/types';
import { cityBbox, formatDate, STATUS_COLOURS, StatusBadge } from '../components/StatusBadge';
import { snapBbox } from '../../../../../src/shared/map-box';

/** Reports of a city: filters, a map and the same reports as a list. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const city = useTenant(tenant);
  const me = useMe();
  const triage = useCan(tenant)('reports.triage');
  const [status, setStatus] = useState('');
  const [category, setCategory] = useState('');
  const [params] = useSearchParams();
  // the neighbourhood map on the statistics page links here with ?area=
  const [area, setArea] = useState(() => params.get('area') ?? '');
  const [page, setPage] = useState(1);
  const categories = useCategories(tenant);
  const areas = useAreas(tenant);
  const areaName = useMemo(() => new Map((areas.data?.items ?? []).map((a) => [a.code, a.name])), [areas.data]);
  const list = useReports(tenant, { status, category, area, page });
  // the box the map shows once the user pans or zooms (until then the whole city)
  const [view, setView] = useState<string>();
  const bbox = view ?? (city.data ? cityBbox(city.data) : undefined);
  const map = useReportMap(tenant, bbox, { status, category, area });
  const features: MapFeature[] = useMemo(
    () => [
      ...(map.data?.items ?? []).map((r) => ({ id: r.id, geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, color: STATUS_COLOURS[r.status], label: `#${r.id} ${r.title} (${t(`reports.status.${r.status}`)})`, href: `/${tenant}/reports/${r.id}` }) satisfies MapFeature),
      // a dense box comes as clusters: a count per grid cell, drawn at the centre of its reports
      ...(map.data?.clusters ?? []).map((c) => ({
        id: `cluster-${c.bbox.join(',')}`,
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        count: c.count,
        bounds: [[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]],
        label: t('reports.cluster', { count: c.count }),
      }) satisfies MapFeature),
    ],
    [map.data, tenant, t],
  );
  const pages = list.data ? Math.max(1, Math.ceil(Math.min(list.data.total, 10_000) / list.data.pageSize)) : 1;

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <p className="lead">{t('reports.intro')}</p>
      <p className="reports-actions">
        <Link className="button button--primary" to={`/${tenant}/reports/new`}>
          {t('reports.new')}
        </Link>
        <Link to={`/${tenant}/reports/stats`}>{t('reports.stats.link')}</Link>
        {me.data?.authenticated ? <Link to={`/${tenant}/reports/mine`}>{t('reports.mine.link')}</Link> : null}
        {triage ? <Link to={`/${tenant}/reports/queue`}>{t('reports.queue.link')}</Link> : null}
      </p>
      <form className="reports-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="rf-category">{t('reports.category')}</label>
          <select id="rf-category" value={category} onChange={(e) => { setCategory(e.target.value); setPage(1); }}>
            <option value="">{t('reports.all')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>{pick(c.name, i18n.language)}</option>
            ))}
          </select>
        </div>
        {areas.data?.items.length ? (
          <div className="field">
            <label htmlFor="rf-area">{t('reports.area.label')}</label>
            <select id="rf-area" value={area} onChange={(e) => { setArea(e.target.value); setPage(1); }}>
              <option value="">{t('reports.all')}</option>
              {areas.data.items.map((a) => (
                <option key={a.code} value={a.code}>{a.name}</option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="rf-status">{t('reports.statusLabel')}</label>
          <select id="rf-status" value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
            <option value="">{t('reports.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`reports.status.${s}`)}</option>
            ))}
          </select>
        </div>
      </form>
      <section aria-labelledby="reports-map">
        <h2 id="reports-map">{t('reports.map')}</h2>
        {city.data ? <MapView label={t('reports.mapLabel')} center={[city.data.centre.lat, city.data.centre.lon]} zoom={city.data.defaultZoom} boundary={city.data.boundary as GeoJSON.Geometry | null} features={features} height={380} onViewChange={(b) => setView(snapBbox(b))} /> : null}
      </section>
      <section aria-labelledby="reports-list">
        <h2 id="reports-list">{t('reports.list')}</h2>
        {list.isPending ? <Loading /> : list.isError ? <LoadError onRetry={() => void list.refetch()} /> : null}
        {list.data ? (
          <>
            <p role="status">{list.data.total > 10_000 ? t('reports.countMany') : t('reports.count', { count: list.data.total })}</p>
            <ul className="report-list">
              {list.data.items.map((r) => (
                <li key={r.id} className="report-item">
                  <Link to={`/${tenant}/reports/${r.id}`}>#{r.id} {r.title}</Link> <StatusBadge status={r.status} />
                  <p className="report-item__meta">
                    {pick(r.category.name, i18n.language)} · {formatDate(r.createdAt, i18n.language)}
                    {r.area ? ` · ${areaName.get(r.area) ?? r.area}` : ''}
                    {r.address ? ` · ${r.address}` : ''}
                    {r.supporters ? ` · ${t('reports.supporters', { count: r.supporters })}` : ''}
                  </p>
                </li>
              ))}
            </ul>
            {pages > 1 ? (
              <nav aria-label={t('reports.pages')} className="pager">
                <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('reports.prev')}</button>
                <span>{t('reports.pageOf', { page, pages })}</span>
                <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('reports.next')}</button>
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </>
  );
}
