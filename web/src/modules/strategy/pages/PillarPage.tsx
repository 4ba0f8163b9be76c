import { useTranslation } from 'react-i18next';
import { Ml } from '../../../components/Ml';
import { unitLabel } from '../../../../../src/shared/units';
import { Link, useParams } from 'react-router';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { useTenant } from '../../../api/tenants/useTenants';
import { pick } from '../../../i18n';
import { useKpis, useProjects, useStrategyTree } from '../api/queries';
import { KPI_STATUSES, type ProjectSummary } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { KpiItem, ProjectItem } from '../components/Items';
import { PillarPlan } from '../components/PillarPlan';
import { PillarStaffPanel } from '../components/PillarStaff';
import { StrategyNav } from '../components/StrategyNav';
import { formatNumber } from '../format';
import { TableWrap } from '../../../components/TableWrap';
import { FollowButton } from '../../notifications';

export function PillarPage() {
  const { t, i18n } = useTranslation();
  const { tenant, pillar: code } = useParams();
  const city = useTenant(tenant);
  const tree = useStrategyTree(tenant);
  const projects = useProjects(tenant, { ambition: code, limit: 200 });
  const kpis = useKpis(tenant, { ambition: code });
  const lng = i18n.language;

  if (tree.isPending) return <Loading />;
  if (tree.isError) return <LoadError onRetry={() => void tree.refetch()} />;
  const pillar = tree.data?.pillars.find((p) => p.code === code);
  if (!tree.data || !pillar)
    return (
      <>
        <h1>{t('strategy.overview.title')}</h1>
        <p>{t('strategy.pillar.notFound')}</p>
        <p>
          <Link to={`/${tenant}/strategy`}>{t('strategy.common.back')}</Link>
        </p>
      </>
    );
  const title = pick(pillar.title, lng);
  const byParent = new Map<string, ProjectSummary[]>();
  for (const p of projects.data?.items ?? []) byParent.set(p.parent.code, [...(byParent.get(p.parent.code) ?? []), p]);
  const direct = byParent.get(pillar.code) ?? [];
  const pr = pillar.progress;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: city.data ? pick(city.data.name, lng) : (tenant ?? ''), to: `/${tenant}` },
          { label: pick(tree.data.strategy.title, lng), to: `/${tenant}/strategy` },
          { label: `${pillar.code} ${title}` },
        ]}
      />
      <h1>
        {pillar.code}. <Ml text={pillar.title} />
      </h1>
      {pillar.kind === 'ambition' ? <FollowButton tenant={tenant ?? ''} kind="strategy.ambition" id={pillar.code} title={`${pillar.code} ${title}`} /> : null}
      <StrategyNav />
      <dl className="facts">
        <dt>{t('strategy.dimension.label')}</dt>
        <dd>{t(`strategy.dimension.${pillar.dimension}`)}</dd>
        <dt>{t('strategy.overview.progress')}</dt>
        <dd>
          {pr.kpiProgress === null ? t('strategy.kpiStatus.no_data') : `${formatNumber(pr.kpiProgress, lng, 0)} %`} (
          {t('strategy.overview.withData', { count: pr.kpisWithData, total: pillar.counts.kpis })})
          <ProgressBar value={pr.kpiProgress} label={`${t('strategy.overview.progress')} ${pillar.code}`} />
          <span className="meta">{KPI_STATUSES.map((s) => `${t(`strategy.kpiStatus.${s}`)}: ${pr.kpiStatus[s] ?? 0}`).join(' · ')}</span>
        </dd>
        <dt>{t('strategy.pillar.projects')}</dt>
        <dd>
          {pillar.counts.projects} ({t('strategy.status.completed')}: {pr.projectsCompleted})
        </dd>
        {pillar.sdgs.length ? (
          <>
            <dt>SDG</dt>
            <dd>{t('strategy.pillar.sdgs', { list: pillar.sdgs.join(', ') })}</dd>
          </>
        ) : null}
      </dl>

      {pillar.diagnosis ? (
        <section aria-labelledby="pl-diagnosis">
          <h2 id="pl-diagnosis">{t('strategy.pillar.diagnosis')}</h2>
          <p className="lead">{pick(pillar.diagnosis, lng)}</p>
        </section>
      ) : null}

      {pillar.statusQuo.length ? (
        <section aria-labelledby="pl-sq">
          <h2 id="pl-sq">{t('strategy.pillar.statusQuo')}</h2>
          <TableWrap label={t('strategy.pillar.statusQuo')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('strategy.pillar.figure')}</th>
                  <th scope="col">{t('strategy.pillar.value')}</th>
                  <th scope="col">{t('strategy.pillar.year')}</th>
                  <th scope="col">{t('strategy.pillar.source')}</th>
                </tr>
              </thead>
              <tbody>
                {pillar.statusQuo.map((f, i) => (
                  <tr key={i}>
                    <th scope="row">{pick(f.label, lng)}</th>
                    <td>
                      {f.value !== null ? formatNumber(f.value, lng) : (f.valueText ?? '—')}
                      {f.unit ? ` ${unitLabel(f.unit, lng)}` : ''}
                    </td>
                    <td>{f.year ?? '—'}</td>
                    <td>{f.source ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      <section aria-labelledby="pl-children">
        <h2 id="pl-children">{pillar.children.some((c) => c.kind === 'action_direction') ? t('strategy.pillar.actionDirections') : t('strategy.pillar.children')}</h2>
        {projects.isPending ? <Loading /> : projects.isError ? <LoadError onRetry={() => void projects.refetch()} /> : null}
        {pillar.children.map((c) => (
          <section key={c.code} className="panel" aria-labelledby={`obj-${c.code.replace(/[^A-Za-z0-9_-]/g, '_')}`}>
            <h3 id={`obj-${c.code.replace(/[^A-Za-z0-9_-]/g, '_')}`}>
              <span className="pillar-card__code">{c.code}</span> <Ml text={c.title} />
            </h3>
            {c.description ? <p><Ml text={c.description} /></p> : null}
            <p className="meta">{t('strategy.overview.counts', { projects: c.counts.projects, kpis: c.counts.kpis })}</p>
            {(byParent.get(c.code) ?? []).length ? (
              <ul className="item-list">
                {(byParent.get(c.code) ?? []).map((p) => (
                  <ProjectItem key={p.code} project={p} headingLevel={4} />
                ))}
              </ul>
            ) : null}
          </section>
        ))}
        {direct.length ? (
          <>
            <h3>{t('strategy.pillar.projects')}</h3>
            <ul className="item-list">
              {direct.map((p) => (
                <ProjectItem key={p.code} project={p} headingLevel={4} />
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <Link to={`/${tenant}/projects?ambition=${encodeURIComponent(pillar.code)}`}>{t('strategy.pillar.allProjects', { count: pillar.counts.projects })}</Link>
        </p>
      </section>

      <PillarPlan pillar={pillar} />

      <section aria-labelledby="pl-kpis">
        <h2 id="pl-kpis">{t('strategy.pillar.kpis')}</h2>
        {kpis.isPending ? <Loading /> : kpis.isError ? <LoadError onRetry={() => void kpis.refetch()} /> : null}
        {kpis.data && kpis.data.items.length === 0 ? <p>{t('strategy.kpis.none')}</p> : null}
        <ul className="item-list">
          {kpis.data?.items.map((k) => (
            <KpiItem key={k.code} kpi={k} headingLevel={3} />
          ))}
        </ul>
      </section>
      {tree.data.abilities.edit ? <PillarStaffPanel pillar={pillar} /> : null}
    </>
  );
}
