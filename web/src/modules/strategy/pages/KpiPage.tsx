import { useMemo } from 'react';
import { unitLabel } from '../../../../../src/shared/units';
import { useTranslation } from 'react-i18next';
import { Ml } from '../../../components/Ml';
import { Link, useParams } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { ChartView, type Series } from '../../../components/Chart';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base } from '../api/keys';
import { useKpi } from '../api/queries';
import type { KpiDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { baselineText, targetText } from '../components/Items';
import { FollowControl } from '../components/Follow';
import { KpiStaffPanel } from '../components/KpiStaff';
import { RemarkFacts } from '../components/Remarks';
import { KpiStatusBadge } from '../components/StatusBadge';
import { StrategyNav } from '../components/StrategyNav';
import { apiCode, codeSegment, formatDate, formatNumber, kpiTone } from '../format';
import { TableWrap } from '../../../components/TableWrap';
import { FeedLink } from '../../notifications';

export function KpiPage() {
  const { t, i18n } = useTranslation();
  const { tenant, code } = useParams();
  const city = useTenant(tenant);
  const kpi = useKpi(tenant, code);
  const lng = i18n.language;

  if (kpi.isPending) return <Loading />;
  if (kpi.isError) return <LoadError onRetry={() => void kpi.refetch()} />;
  if (!kpi.data)
    return (
      <>
        <h1>{t('strategy.kpis.title')}</h1>
        <p>{t('strategy.kpi.notFound')}</p>
        <p>
          <Link to={`/${tenant}/kpis`}>{t('strategy.kpis.title')}</Link>
        </p>
      </>
    );
  const k = kpi.data;
  const unit = k.unit ? ` ${unitLabel(k.unit, lng)}` : '';
  const scopeHref =
    k.scope.type === 'project' ? `/${tenant}/projects/${codeSegment(k.scope.code)}` : `/${tenant}/strategy/${codeSegment(k.pillar.code)}`;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: city.data ? pick(city.data.name, lng) : (tenant ?? ''), to: `/${tenant}` },
          { label: t('strategy.nav.overview'), to: `/${tenant}/strategy` },
          { label: `${k.pillar.code} ${pick(k.pillar.title, lng)}`, to: `/${tenant}/strategy/${codeSegment(k.pillar.code)}` },
          { label: k.code },
        ]}
      />
      <h1>
        <span className="pillar-card__code">{k.code}</span> <Ml text={k.name} />
      </h1>
      <FeedLink tenant={tenant ?? ''} kind="strategy.kpi" id={k.code} title={`${k.code} ${pick(k.name, i18n.language)}`} />
      <StrategyNav />
      <FollowControl kind="kpi" code={k.code} following={k.following} canFollow={k.abilities.follow} />

      <div className="kpi-summary">
        <div>
          <h2>{t('strategy.kpi.baseline')}</h2>
          <p className="big-number">{baselineText(k, lng, t('strategy.kpi.baselineNA'))}</p>
          {k.baseline.source ? <p className="meta">{k.baseline.source}</p> : null}
        </div>
        <div>
          <h2>{t('strategy.kpi.target')}</h2>
          <p className="big-number">{targetText(k, lng, t('strategy.kpi.targetNone'))}</p>
          <p className="meta">{t(`strategy.direction.${k.direction}`)}</p>
        </div>
        <div>
          <h2>{t('strategy.kpis.latest')}</h2>
          {k.latest ? (
            <p className="big-number">
              {formatNumber(k.latest.value, lng)}
              {unit}
            </p>
          ) : (
            <p>{t('strategy.kpi.noData')}</p>
          )}
          {k.latest ? <p className="meta">{formatDate(k.latest.date, lng)}</p> : null}
        </div>
        <div>
          <h2>{t('strategy.kpis.status')}</h2>
          <p>
            <KpiStatusBadge status={k.status} />
          </p>
          <p className="meta">{t(`strategy.reason.${k.statusReason}`)}</p>
        </div>
      </div>

      <p>
        {t('strategy.kpi.progress')}: {k.progress === null ? '—' : `${formatNumber(k.progress, lng, 0)} %`}
      </p>
      <ProgressBar value={k.progress} label={t('strategy.kpi.progress')} tone={kpiTone(k.status)} />

      <dl className="facts">
        <dt>{t('strategy.kpis.level')}</dt>
        <dd>{t(`strategy.level.${k.level}`)}</dd>
        <dt>{t('strategy.kpi.scope')}</dt>
        <dd>
          <Link to={scopeHref}>
            {k.scope.code} {pick(k.scope.title, lng)}
          </Link>
        </dd>
        {k.unit ? (
          <>
            <dt>{t('strategy.kpi.unit')}</dt>
            <dd>{unitLabel(k.unit, lng)}</dd>
          </>
        ) : null}
        <dt>{t('strategy.kpi.dataFrom')}</dt>
        <dd>
          {k.automatic
            ? `${t('strategy.kpi.automatic', { metric: k.automatic.description ?? k.automatic.metric })}${k.automatic.description ? ` (${k.automatic.metric})` : ''}${k.automatic.registered ? '' : ` — ${t('strategy.kpi.metricMissing')}`}`
            : t('strategy.kpi.manual')}
        </dd>
        {k.reference ? (
          <>
            <dt>{pick(k.reference.label, lng)}</dt>
            <dd>{k.reference.value !== null ? `${formatNumber(k.reference.value, lng)}${unit}` : (k.reference.text ?? '—')}</dd>
          </>
        ) : null}
        <RemarkFacts remark={k.remark} entity="kpi" code={k.code} staff={k.abilities.edit} />
      </dl>

      <KpiChart kpi={k} />
      <KpiValuesTable kpi={k} />
      <p>
        <a href={`${base(tenant!)}/kpis/${apiCode(k.code)}/measurements.csv`} download>
          {t('strategy.kpi.csv')}
        </a>
      </p>
      {k.abilities.edit ? <KpiStaffPanel kpi={k} /> : null}
    </>
  );
}

/** Baseline (first point, at its year) → measurements; the target as a dashed reference line. */
function KpiChart({ kpi }: { kpi: KpiDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const chart = useMemo(() => {
    const labels: string[] = [];
    const values: (number | null)[] = [];
    if (kpi.baseline.available && kpi.baseline.value !== null) {
      labels.push(kpi.baseline.year ? String(kpi.baseline.year) : t('strategy.kpi.kindBaseline'));
      values.push(kpi.baseline.value);
    }
    for (const m of kpi.measurements) {
      labels.push(m.date.slice(0, 10));
      values.push(m.value);
    }
    if (kpi.targetValue !== null) {
      labels.push(kpi.target.year ? String(kpi.target.year) : t('strategy.kpi.kindTarget'));
      values.push(null);
    }
    const series: Series[] = [{ label: t('strategy.kpi.chartValues'), values }];
    if (kpi.targetValue !== null) series.push({ label: t('strategy.kpi.chartTarget'), values: labels.map(() => kpi.targetValue), reference: true, color: '#1e6b2e' });
    return { labels, series };
  }, [kpi, t]);
  if (chart.labels.length === 0) return <p>{t('strategy.kpi.noData')}</p>;
  return (
    <ChartView
      kind="line"
      title={t('strategy.kpi.chartTitle', { name: `${kpi.code} ${pick(kpi.name, lng)}` })}
      labels={chart.labels}
      series={chart.series}
      {...(kpi.unit ? { yLabel: unitLabel(kpi.unit, lng) } : {})}
    />
  );
}

function KpiValuesTable({ kpi }: { kpi: KpiDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const unit = kpi.unit ? ` ${unitLabel(kpi.unit, lng)}` : '';
  return (
    <section aria-labelledby="kpi-values">
      <h2 id="kpi-values">{t('strategy.kpi.values')}</h2>
      {/* A value computed now but not stored yet is not "no data": the page must not contradict itself. */}
      {kpi.measurements.length === 0 && !kpi.latest ? <p>{t('strategy.kpi.noData')}</p> : null}
      <TableWrap label={t('strategy.kpi.values')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('strategy.kpi.kind')}</th>
              <th scope="col">{t('strategy.kpi.date')}</th>
              <th scope="col">{t('strategy.kpi.value')}</th>
              <th scope="col">{t('strategy.kpi.source')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('strategy.kpi.kindBaseline')}</th>
              <td>{kpi.baseline.year ?? '—'}</td>
              <td>{baselineText({ ...kpi, baseline: { ...kpi.baseline, year: undefined } } as KpiDetail, lng, t('strategy.kpi.baselineNA'))}</td>
              <td>{kpi.baseline.source ?? '—'}</td>
            </tr>
            {kpi.measurements.map((m) => (
              <tr key={m.id}>
                <th scope="row">{t('strategy.kpi.kindMeasurement')}</th>
                <td>{formatDate(m.date, lng)}</td>
                <td>
                  {formatNumber(m.value, lng)}
                  {unit}
                </td>
                <td>
                  {[m.source, m.automatic ? t('strategy.kpi.automaticShort') : m.author ? `${t('strategy.kpi.author')}: ${m.author}` : null, m.note].filter(Boolean).join(' · ') || '—'}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('strategy.kpi.kindTarget')}</th>
              <td>{kpi.target.year ?? '—'}</td>
              <td>{targetText({ ...kpi, target: { ...kpi.target, year: undefined } } as KpiDetail, lng, t('strategy.kpi.targetNone'))}</td>
              <td>—</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
