import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Ml } from '../../../components/Ml';
import { Link, useParams } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { MapView, type MapFeature } from '../../../components/MapView';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { LinkedProcesses } from '../../participation';
import { ReportingNotice } from '../../monitoring';
import { FollowControl } from '../components/Follow';
import { useProject } from '../api/queries';
import type { Geometry, ProjectDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { RemarkFacts } from '../components/Remarks';
import { KpiItem } from '../components/Items';
import { ProjectStatusBadge } from '../components/StatusBadge';
import { StrategyNav } from '../components/StrategyNav';
import { codeSegment, fitArea, formatDate, formatMoney, formatNumber, projectTone } from '../format';
import { FeedLink } from '../../notifications';

// Staff tools load only for staff: every visitor's first page stays within its byte budget (issue 18).
const ProjectStaffPanel = lazy(() => import('../components/ProjectStaff').then((m) => ({ default: m.ProjectStaffPanel })));

/** A point to centre the map on: the point itself, or the first vertex of a line or area. */
export function anchorOf(g: Geometry): [number, number] {
  const first = g.type === 'Point' ? g.coordinates : g.type === 'LineString' ? g.coordinates[0] : g.type === 'Polygon' ? g.coordinates[0]?.[0] : g.coordinates[0]?.[0]?.[0];
  return first ? [first[1], first[0]] : [0, 0];
}

export function ProjectPage() {
  const { t, i18n } = useTranslation();
  const { tenant, code } = useParams();
  const city = useTenant(tenant);
  const project = useProject(tenant, code);
  const lng = i18n.language;

  if (project.isPending) return <Loading />;
  if (project.isError) return <LoadError onRetry={() => void project.refetch()} />;
  if (!project.data)
    return (
      <>
        <h1>{t('strategy.projects.title')}</h1>
        <p>{t('strategy.project.notFound')}</p>
        <p>
          <Link to={`/${tenant}/projects`}>{t('strategy.projects.title')}</Link>
        </p>
      </>
    );
  const p = project.data;
  const timeline = [...p.timeline].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));

  return (
    <>
      <Breadcrumbs
        items={[
          { label: city.data ? pick(city.data.name, lng) : (tenant ?? ''), to: `/${tenant}` },
          { label: t('strategy.nav.overview'), to: `/${tenant}/strategy` },
          { label: `${p.pillar.code} ${pick(p.pillar.title, lng)}`, to: `/${tenant}/strategy/${codeSegment(p.pillar.code)}` },
          { label: p.code },
        ]}
      />
      <h1>
        <span className="pillar-card__code">{p.code}</span> <Ml text={p.title} />
      </h1>
      <FeedLink tenant={tenant ?? ''} kind="strategy.project" id={p.code} title={`${p.code} ${pick(p.title, lng)}`} />
      <StrategyNav />
      <p className="project-status">
        {t('strategy.status.label')}: <ProjectStatusBadge status={p.status} />
      </p>
      <p>
        {t('strategy.project.progress')}: {p.progress === null ? t('strategy.project.progressUnknown') : `${formatNumber(p.progress, lng, 0)} %`}
      </p>
      {p.progress !== null ? <ProgressBar value={p.progress} label={t('strategy.project.progress')} tone={projectTone(p.status)} /> : null}
      <FollowControl kind="project" code={p.code} following={p.following} followers={p.followers} canFollow={p.abilities.follow} />
      {p.description ? <p className="lead">{pick(p.description, lng)}</p> : null}
      {tenant ? <ReportingNotice tenant={tenant} code={p.code} /> : null}

      <div className="two-col">
        <section aria-labelledby="pr-details">
          <h2 id="pr-details">{t('strategy.project.details')}</h2>
          <ProjectFacts project={p} />
        </section>
        <section aria-labelledby="pr-map">
          <h2 id="pr-map">{t('strategy.project.location')}</h2>
          <ProjectMap project={p} />
        </section>
      </div>

      <section aria-labelledby="pr-timeline">
        <h2 id="pr-timeline">{t('strategy.project.timeline')}</h2>
        {timeline.length === 0 ? (
          <p>{t('strategy.project.noTimeline')}</p>
        ) : (
          <ol className="timeline">
            {timeline.map((e) => (
              <li key={e.id}>
                <time dateTime={e.date}>{formatDate(e.date, lng)}</time>
                {e.status ? (
                  <>
                    {' '}
                    · <ProjectStatusBadge status={e.status} />
                  </>
                ) : null}
                <p>{pick(e.text, lng)}</p>
                {e.author ? <p className="meta">{e.author}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="pr-kpis">
        <h2 id="pr-kpis">{t('strategy.project.kpis')}</h2>
        {p.kpis.length === 0 ? (
          <p>{t('strategy.project.noKpis')}</p>
        ) : (
          <ul className="item-list">
            {p.kpis.map((k) => (
              <KpiItem key={k.code} kpi={k} />
            ))}
          </ul>
        )}
      </section>
      <LinkedProcesses tenant={tenant} project={p.code} />
      {p.abilities.edit ? (
        <Suspense fallback={<Loading />}>
          <ProjectStaffPanel project={p} />
        </Suspense>
      ) : null}
    </>
  );
}

function ProjectFacts({ project: p }: { project: ProjectDetail }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const lng = i18n.language;
  const parentHref = `/${tenant}/strategy/${codeSegment(p.pillar.code)}`;
  return (
    <dl className="facts">
      <dt>{t('strategy.project.kind')}</dt>
      <dd>
        {p.kind === 'open_action' ? t('strategy.project.openAction') : t('strategy.project.projectKind')}
        {p.category ? ` · ${t(`strategy.category.${p.category}`)}` : ''}
      </dd>
      <dt>{t('strategy.project.parent')}</dt>
      <dd>
        <Link to={parentHref}>
          {p.parent.code} {pick(p.parent.title, lng)}
        </Link>
      </dd>
      <dt>{t('strategy.dimension.label')}</dt>
      <dd>{t(`strategy.dimension.${p.pillar.dimension}`)}</dd>
      <dt>{t('strategy.priority.label')}</dt>
      <dd>{p.priority ? t(`strategy.priority.${p.priority}`) : (p.priorityText ?? t('strategy.priority.none'))}</dd>
      <dt>{t('strategy.project.budget')}</dt>
      <dd>
        {p.budget.amount !== null ? `${formatMoney(p.budget.amount, lng)} (${t(`strategy.basis.${p.budget.basis}`)})` : t('strategy.project.budgetUnknown')}
        {p.budget.text ? <span className="meta"> — „{p.budget.text}”</span> : null}
      </dd>
      <dt>{t('strategy.project.funding')}</dt>
      <dd>
        {p.fundingSources.length ? p.fundingSources.map((f) => pick(f.name, lng)).join('; ') : (p.fundingText ?? t('strategy.project.fundingUnknown'))}
        {p.fundingSources.length && p.fundingText ? <span className="meta"> — „{p.fundingText}”</span> : null}
      </dd>
      <dt>{t('strategy.project.horizon')}</dt>
      <dd>{p.horizon ?? '—'}</dd>
      <dt>{t('strategy.project.responsible')}</dt>
      <dd>{p.responsible ?? '—'}</dd>
      {p.partners ? (
        <>
          <dt>{t('strategy.project.partners')}</dt>
          <dd>{p.partners}</dd>
        </>
      ) : null}
      {p.maturity ? (
        <>
          <dt>{t('strategy.project.maturity')}</dt>
          <dd>{p.maturity}</dd>
        </>
      ) : null}
      {p.digitalEnablers?.length ? (
        <>
          <dt>{t('strategy.project.digitalEnablers')}</dt>
          <dd>{p.digitalEnablers.join(', ')}</dd>
        </>
      ) : null}
      <RemarkFacts remark={p.remark} entity="project" code={p.code} staff={p.abilities.edit} />
    </dl>
  );
}

function ProjectMap({ project: p }: { project: ProjectDetail }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const city = useTenant(tenant);
  const features = useMemo<MapFeature[]>(
    () => (p.location ? [{ id: p.code, geometry: p.location as GeoJSON.Geometry, label: `${p.code} ${pick(p.title, i18n.language)}` }] : []),
    [p, i18n.language],
  );
  if (!city.data) return null;
  // Without a place of its own, the map shows the whole city (its boundary), sized for the screen.
  const whole = p.location ? null : fitArea(city.data.boundary, Math.min(window.innerWidth - 40, 560), 300);
  const centre: [number, number] = p.location ? anchorOf(p.location) : (whole?.center ?? [city.data.centre.lat, city.data.centre.lon]);
  return (
    <>
      <MapView
        label={t('strategy.project.mapLabel')}
        center={centre}
        zoom={p.location ? 15 : (whole?.zoom ?? city.data.defaultZoom)}
        boundary={city.data.boundary as GeoJSON.Geometry | null}
        features={features}
        fitToFeatures={!!p.location && p.location.type !== 'Point'}
        height={300}
      />
      <p>
        {p.location
          ? p.location.type === 'Point'
            ? `${t('strategy.project.coordinates')}: ${p.location.coordinates[1].toFixed(5)}, ${p.location.coordinates[0].toFixed(5)}`
            : t('strategy.project.area')
          : t('strategy.project.noLocation')}
      </p>
    </>
  );
}
