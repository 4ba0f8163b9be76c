import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../../components/Status';
import { base, queryString } from '../api/keys';
import { useKpis, useStrategyTree } from '../api/queries';
import { KPI_LEVELS, KPI_STATUSES, type KpiFilters, type KpiLevel, type KpiStatus } from '../api/types';
import { EnumFilter, FilterBar, FilterSelect, oneOf } from '../components/FilterBar';
import { CodeOptions } from '../components/FormFields';
import { KpiItem } from '../components/Items';
import { StrategyNav } from '../components/StrategyNav';

const FILTER_KEYS = ['level', 'ambition', 'status', 'q'] as const;

export function KpisPage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const tree = useStrategyTree(tenant);
  const filters: KpiFilters = {
    level: oneOf<KpiLevel>(KPI_LEVELS, params.get('level')),
    ambition: params.get('ambition') || undefined,
    status: oneOf<KpiStatus>(KPI_STATUSES, params.get('status')),
    q: params.get('q') || undefined,
  };
  const kpis = useKpis(tenant, filters);

  return (
    <>
      <h1>{t('strategy.kpis.title')}</h1>
      <StrategyNav />
      <FilterBar label={t('strategy.kpis.filters')} searchLabel={t('strategy.kpis.search')} keys={FILTER_KEYS}>
        <FilterSelect label={t('strategy.projects.ambition')} name="ambition" value={filters.ambition}>
          <CodeOptions items={tree.data?.pillars ?? []} />
        </FilterSelect>
        <EnumFilter label={t('strategy.kpis.level')} name="level" value={filters.level} values={KPI_LEVELS} prefix="strategy.level" />
        <EnumFilter label={t('strategy.kpis.status')} name="status" value={filters.status} values={KPI_STATUSES} prefix="strategy.kpiStatus" />
      </FilterBar>
      <p role="status">
        {kpis.data
          ? `${t('strategy.kpis.found', { count: kpis.data.total })} · ${KPI_STATUSES.map((s) => `${t(`strategy.kpiStatus.${s}`)}: ${kpis.data!.statusCounts[s] ?? 0}`).join(' · ')}`
          : ''}
      </p>
      <p>
        <a href={`${base(tenant!)}/kpis.csv${queryString(filters)}`} download>
          {t('strategy.kpis.csv')}
        </a>
      </p>
      {kpis.isPending ? <Loading /> : kpis.isError ? <LoadError onRetry={() => void kpis.refetch()} /> : null}
      {kpis.data && kpis.data.items.length === 0 ? <p>{t('strategy.kpis.none')}</p> : null}
      <ul className="item-list">
        {kpis.data?.items.map((k) => (
          <KpiItem key={k.code} kpi={k} headingLevel={2} />
        ))}
      </ul>
    </>
  );
}
