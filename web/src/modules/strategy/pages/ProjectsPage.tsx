import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { Field } from '../../../components/Field';
import { MapView, type MapFeature } from '../../../components/MapView';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base, queryString } from '../api/keys';
import { useProjects, useStrategyTree } from '../api/queries';
import { DIMENSIONS, PRIORITIES, PROJECT_STATUSES, type Dimension, type Priority, type ProjectFilters, type ProjectStatus } from '../api/types';
import { SelectField } from '../components/FormFields';
import { ProjectItem } from '../components/Items';
import { StrategyNav } from '../components/StrategyNav';
import { codeSegment, fitArea } from '../format';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['ambition', 'objective', 'status', 'priority', 'funding', 'dimension', 'q'] as const;

function oneOf<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function ProjectsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const [params, setParams] = useSearchParams();
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
  const [q, setQ] = useState(filters.q ?? '');
  // Back/forward changes the URL: the search box follows it.
  useEffect(() => setQ(params.get('q') ?? ''), [params]);

  /** A filter change goes into the URL (so it can be shared and the back button works) and resets the page. */
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    // Words typed in the search box but not yet sent go along with any other filter change.
    if (q.trim()) next.set('q', q.trim());
    else next.delete('q');
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'ambition') next.delete('objective');
    next.delete('page');
    setParams(next);
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', q.trim());
  };
  const clear = () => {
    setQ('');
    const next = new URLSearchParams();
    if (params.get('view')) next.set('view', params.get('view')!);
    setParams(next);
  };
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
  const active = FILTER_KEYS.some((k) => params.get(k));
  const csvFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]));

  return (
    <>
      <h1>{t('strategy.projects.title')}</h1>
      <StrategyNav />
      <form onSubmit={submitSearch} role="search" aria-label={t('strategy.projects.filters')}>
        <fieldset className="filters">
          <legend>{t('strategy.projects.filters')}</legend>
          <Field label={t('strategy.projects.search')} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
          <SelectField label={t('strategy.projects.ambition')} name="ambition" value={filters.ambition ?? ''} onChange={(e) => setFilter('ambition', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {pillars.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {pick(p.title, lng)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.projects.objective')} name="objective" value={filters.objective ?? ''} onChange={(e) => setFilter('objective', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {objectives.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} {pick(o.title, lng)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.status.label')} name="status" value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`strategy.status.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.priority.label')} name="priority" value={filters.priority ?? ''} onChange={(e) => setFilter('priority', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {PRIORITIES.map((s) => (
              <option key={s} value={s}>
                {t(`strategy.priority.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.projects.funding')} name="funding" value={filters.funding ?? ''} onChange={(e) => setFilter('funding', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {(tree.data?.fundingSources ?? []).map((f) => (
              <option key={f.code} value={f.code}>
                {pick(f.name, lng)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.dimension.label')} name="dimension" value={filters.dimension ?? ''} onChange={(e) => setFilter('dimension', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`strategy.dimension.${d}`)}
              </option>
            ))}
          </SelectField>
          <div className="filters__actions">
            <button type="submit" className="button button--primary">
              {t('strategy.projects.apply')}
            </button>
            {active ? (
              <button type="button" className="button" onClick={clear}>
                {t('strategy.projects.clear')}
              </button>
            ) : null}
          </div>
        </fieldset>
      </form>

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
