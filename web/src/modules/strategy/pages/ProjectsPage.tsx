import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { MapView, type MapFeature } from '../../../components/MapView';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base, queryString } from '../api/keys';
import { useProjects, useStrategyTree } from '../api/queries';
import { DIMENSIONS, PRIORITIES, PROJECT_STATUSES, type Dimension, type Priority, type ProjectFilters, type ProjectStatus } from '../api/types';
import { EnumFilter, FilterBar, FilterSelect, oneOf } from '../components/FilterBar';
import { CodeOptions } from '../components/FormFields';
import { ProjectItem } from '../components/Items';
import { StrategyNav } from '../components/StrategyNav';
import { codeSegment, fitArea } from '../format';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['ambition', 'objective', 'status', 'priority', 'funding', 'dimension', 'q'] as const;

export function ProjectsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const tree = useStrategyTree(tenant);
  const city = useTenant(tenant);
  const lng = i18n.language;
  const showMap = params.get('view') !== 'list';

  const filters: ProjectFilters = {
    ambition: params.get('ambition') || undefined,
    objective: params.get('objective') || undefined,
    status: oneOf<ProjectStatus>(PROJECT_STATUSES, params.get('status')),
    priority: oneOf<Priority>(PRIORITIES, params.get('priority')),
    funding: params.get('funding') || undefined,
    dimension: oneOf<Dimension>(DIMENSIONS, params.get('dimension')),
    q: params.get('q') || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    limit: PAGE_SIZE,
  };
  const projects = useProjects(tenant, filters);

  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    if (page > 1) next.set('page', String(page));
    else next.delete('page');
    return `?${next.toString()}`;
  };
  const toggleMapHref = () => {
    const next = new URLSearchParams(params);
    if (showMap) next.set('view', 'list');
    else next.delete('view');
    return `?${next.toString()}`;
  };

  const pillars = tree.data?.pillars ?? [];
  const objectives = filters.ambition ? (pillars.find((p) => p.code === filters.ambition)?.children ?? []) : pillars.flatMap((p) => p.children);
  const features = useMemo<MapFeature[]>(
    () =>
      (projects.data?.items ?? [])
        .filter((p) => p.location)
        .map((p) => ({ id: p.code, geometry: p.location as GeoJSON.Geometry, label: `${p.code} ${pick(p.title, lng)}`, href: `/${tenant}/projects/${codeSegment(p.code)}` })),
    [projects.data, lng, tenant],
  );
  const whole = city.data ? fitArea(city.data.boundary, Math.min(window.innerWidth - 40, 560), 420) : null;
  const total = projects.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = filters.page ?? 1;
  const csvFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]));

  return (
    <>
      <h1>{t('strategy.projects.title')}</h1>
      <StrategyNav />
      <FilterBar label={t('strategy.projects.filters')} searchLabel={t('strategy.projects.search')} keys={FILTER_KEYS} keep={['view']}>
        <FilterSelect label={t('strategy.projects.ambition')} name="ambition" value={filters.ambition} clears="objective">
          <CodeOptions items={pillars} />
        </FilterSelect>
        <FilterSelect label={t('strategy.projects.objective')} name="objective" value={filters.objective}>
          <CodeOptions items={objectives} />
        </FilterSelect>
        <EnumFilter label={t('strategy.status.label')} name="status" value={filters.status} values={PROJECT_STATUSES} prefix="strategy.status" />
        <EnumFilter label={t('strategy.priority.label')} name="priority" value={filters.priority} values={PRIORITIES} prefix="strategy.priority" />
        <FilterSelect label={t('strategy.projects.funding')} name="funding" value={filters.funding}>
          {(tree.data?.fundingSources ?? []).map((f) => (
            <option key={f.code} value={f.code}>
              {pick(f.name, lng)}
            </option>
          ))}
        </FilterSelect>
        <EnumFilter label={t('strategy.dimension.label')} name="dimension" value={filters.dimension} values={DIMENSIONS} prefix="strategy.dimension" />
      </FilterBar>

      <p role="status">{projects.data ? t('strategy.projects.found', { count: total }) : ''}</p>
      <p>
        <Link to={toggleMapHref()}>{showMap ? t('strategy.projects.hideMap') : t('strategy.projects.showMap')}</Link> ·{' '}
        <a href={`${base(tenant!)}/projects.csv${queryString(csvFilters)}`} download>
          {t('strategy.projects.csv')}
        </a>
      </p>
      {projects.isPending ? <Loading /> : projects.isError ? <LoadError onRetry={() => void projects.refetch()} /> : null}
      <div className={showMap ? 'two-col' : undefined}>
        <div>
          {projects.data && projects.data.items.length === 0 ? <p>{t('strategy.projects.none')}</p> : null}
          <ul className="item-list">
            {projects.data?.items.map((p) => (
              <ProjectItem key={p.code} project={p} headingLevel={2} />
            ))}
          </ul>
          {pages > 1 ? (
            <nav className="pager" aria-label={t('strategy.projects.pagination')}>
              {page > 1 ? <Link to={pageHref(page - 1)}>{t('strategy.projects.previous')}</Link> : <span className="disabled">{t('strategy.projects.previous')}</span>}
              <span>{t('strategy.projects.pageOf', { page, pages })}</span>
              {page < pages ? <Link to={pageHref(page + 1)}>{t('strategy.projects.next')}</Link> : <span className="disabled">{t('strategy.projects.next')}</span>}
            </nav>
          ) : null}
        </div>
        {showMap && city.data ? (
          <div className="sticky-map">
            <MapView
              label={t('strategy.projects.mapLabel')}
              center={whole?.center ?? [city.data.centre.lat, city.data.centre.lon]}
              zoom={whole?.zoom ?? city.data.defaultZoom}
              boundary={city.data.boundary as GeoJSON.Geometry | null}
              features={features}
              height={420}
            />
            <p className="meta">{t('strategy.projects.onMap', { count: features.length })}</p>
          </div>
        ) : null}
      </div>
    </>
  );
}
