import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ChartView } from '../../../components/Chart';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { Ml } from '../../../components/Ml';
import { useAllProjects, useKpis, useStrategyTree } from '../api/queries';
import { KPI_STATUSES, PROJECT_STATUSES, type KpiSummary, type TreePillar } from '../api/types';
import { StrategyNav } from '../components/StrategyNav';
import { codeSegment, formatDate, formatNumber } from '../format';
import { KpiStatusBadge } from '../components/StatusBadge';

export function StrategyOverviewPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const tree = useStrategyTree(tenant);
  const keyKpis = useKpis(tenant, { level: 'key' });
  const projects = useAllProjects(tenant);
  const lng = i18n.language;

  const keyKpiOf = useMemo(() => {
    const map = new Map<string, KpiSummary>();
    for (const k of keyKpis.data?.items ?? []) if (!map.has(k.pillar.code)) map.set(k.pillar.code, k);
    return map;
  }, [keyKpis.data]);

  const statusChart = useMemo(() => {
    const counts = tree.data?.counts.projectStatus ?? {};
    const statuses = PROJECT_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
    return {
      labels: statuses.map((s) => t(`strategy.status.${s}`)),
      series: [{ label: t('strategy.overview.projectCount'), values: statuses.map((s) => counts[s] ?? 0) }],
    };
  }, [tree.data, t]);

  const budgetChart = useMemo(() => {
    const pillars = tree.data?.pillars ?? [];
    const oneOff = new Map<string, number>();
    const perYear = new Map<string, number>();
    for (const p of projects.data ?? []) {
      if (p.budget.amount === null) continue;
      const m = p.budget.basis === 'per_year' ? perYear : p.budget.basis === 'one_off' ? oneOff : null;
      if (m) m.set(p.pillar.code, (m.get(p.pillar.code) ?? 0) + p.budget.amount);
    }
    const series = [{ label: `${t('strategy.overview.budget')} — ${t('strategy.basis.one_off')}`, values: pillars.map((p) => oneOff.get(p.code) ?? 0) }];
    if (perYear.size) series.push({ label: `${t('strategy.overview.budget')} — ${t('strategy.basis.per_year')}`, values: pillars.map((p) => perYear.get(p.code) ?? 0) });
    // Codes only on the axis: long titles would squash a phone's chart (the cards above name each code).
    return { labels: pillars.map((p) => p.code), series, any: oneOff.size + perYear.size > 0 };
  }, [tree.data, projects.data, t]);

  if (tree.isPending) return <Loading />;
  if (tree.isError) return <LoadError onRetry={() => void tree.refetch()} />;
  if (!tree.data)
    return (
      <>
        <h1>{t('strategy.overview.title')}</h1>
        <p>{t('strategy.overview.noStrategy')}</p>
      </>
    );
  const { strategy, pillars, counts, latestRevision } = tree.data;

  return (
    <>
      <h1><Ml text={strategy.title} /></h1>
      <StrategyNav />
      <p className="lead">
        {t('strategy.overview.period', { start: strategy.periodStart, end: strategy.periodEnd })} ·{' '}
        {strategy.status === 'adopted' && strategy.adoptedOn ? t('strategy.overview.adopted', { date: formatDate(strategy.adoptedOn, lng) }) : t('strategy.overview.draft')}
        {latestRevision ? <> · {t('strategy.overview.revision', { number: latestRevision.id, date: formatDate(latestRevision.createdAt, lng) })}</> : null}
      </p>
      <section className="statement" aria-labelledby="st-vision">
        <h2 id="st-vision">{t('strategy.overview.vision')}</h2>
        <p><Ml text={strategy.vision} /></p>
      </section>
      {strategy.mission ? (
        <section className="statement" aria-labelledby="st-mission">
          <h2 id="st-mission">{t('strategy.overview.mission')}</h2>
          <p><Ml text={strategy.mission} /></p>
        </section>
      ) : null}
      {strategy.motto ? (
        <section className="statement" aria-labelledby="st-motto">
          <h2 id="st-motto">{t('strategy.overview.motto')}</h2>
          <p><Ml text={strategy.motto} /></p>
        </section>
      ) : null}

      <h2>{t('strategy.overview.pillars')}</h2>
      <ul className="card-grid">
        {pillars.map((p) => (
          <PillarCard key={p.code} pillar={p} keyKpi={keyKpiOf.get(p.code)} />
        ))}
      </ul>

      <h2>{t('strategy.overview.totals')}</h2>
      <p>
        {t('strategy.overview.counts', { projects: counts.projects, kpis: counts.kpis })} ·{' '}
        {KPI_STATUSES.map((s) => `${t(`strategy.kpiStatus.${s}`)}: ${counts.kpiStatus[s] ?? 0}`).join(' · ')}
      </p>
      <div className="two-col">
        <ChartView kind="bar" title={t('strategy.overview.projectsByStatus')} labels={statusChart.labels} series={statusChart.series} yLabel={t('strategy.overview.projectCount')} />
        {projects.data && !budgetChart.any ? (
          <section aria-labelledby="st-budget">
            <h3 id="st-budget">{t('strategy.overview.budgetByPillar')}</h3>
            <p>{t('strategy.overview.noBudgets')}</p>
          </section>
        ) : projects.data ? (
          <ChartView kind="bar" title={t('strategy.overview.budgetByPillar')} labels={budgetChart.labels} series={budgetChart.series} yLabel={t('strategy.overview.budget')} />
        ) : projects.isError ? (
          <LoadError onRetry={() => void projects.refetch()} />
        ) : (
          <Loading />
        )}
      </div>
    </>
  );
}

function PillarCard({ pillar, keyKpi }: { pillar: TreePillar; keyKpi: KpiSummary | undefined }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const lng = i18n.language;
  const pr = pillar.progress;
  return (
    <li className="card pillar-card">
      <h3>
        <Link to={`/${tenant}/strategy/${codeSegment(pillar.code)}`}>
          <span className="pillar-card__code">{pillar.code}</span> <Ml text={pillar.title} />
        </Link>
      </h3>
      <p className="meta">
        {t('strategy.dimension.label')}: {t(`strategy.dimension.${pillar.dimension}`)} · {t('strategy.overview.counts', { projects: pillar.counts.projects, kpis: pillar.counts.kpis })}
      </p>
      {keyKpi ? (
        <p>
          <strong>{t('strategy.overview.keyKpi')}:</strong>{' '}
          <Link to={`/${tenant}/kpis/${codeSegment(keyKpi.code)}`}><Ml text={keyKpi.name} /></Link> <KpiStatusBadge status={keyKpi.status} />
        </p>
      ) : null}
      <div>
        <p className="meta">
          {t('strategy.overview.progress')}: {pr.kpiProgress === null ? t('strategy.kpiStatus.no_data') : `${formatNumber(pr.kpiProgress, lng, 0)} %`} (
          {t('strategy.overview.withData', { count: pr.kpisWithData, total: pillar.counts.kpis })})
        </p>
        <ProgressBar value={pr.kpiProgress} label={`${t('strategy.overview.progress')} ${pillar.code}`} />
      </div>
      {pillar.children.length ? (
        <ul>
          {pillar.children.map((c) => (
            <li key={c.code}>
              <span className="pillar-card__code">{c.code}</span> <Ml text={c.title} />
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
