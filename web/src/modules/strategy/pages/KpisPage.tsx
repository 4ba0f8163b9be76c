import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base, queryString } from '../api/keys';
import { useKpis, useStrategyTree } from '../api/queries';
import { KPI_LEVELS, KPI_STATUSES, type KpiFilters, type KpiLevel, type KpiStatus } from '../api/types';
import { SelectField } from '../components/FormFields';
import { KpiItem } from '../components/Items';
import { StrategyNav } from '../components/StrategyNav';

function oneOf<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function KpisPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const [params, setParams] = useSearchParams();
  const tree = useStrategyTree(tenant);
  const lng = i18n.language;
  const filters: KpiFilters = {
    level: oneOf<KpiLevel>(KPI_LEVELS, params.get('level')),
    ambition: params.get('ambition') || undefined,
    status: oneOf<KpiStatus>(KPI_STATUSES, params.get('status')),
    q: params.get('q') || undefined,
  };
  const kpis = useKpis(tenant, filters);
  const [q, setQ] = useState(filters.q ?? '');
  // Back/forward changes the URL: the search box follows it.
  useEffect(() => setQ(params.get('q') ?? ''), [params]);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    // Words typed in the search box but not yet sent go along with any other filter change.
    if (q.trim()) next.set('q', q.trim());
    else next.delete('q');
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', q.trim());
  };
  const active = ['level', 'ambition', 'status', 'q'].some((k) => params.get(k));

  return (
    <>
      <h1>{t('strategy.kpis.title')}</h1>
      <StrategyNav />
      <form onSubmit={submit} role="search" aria-label={t('strategy.kpis.filters')}>
        <fieldset className="filters">
          <legend>{t('strategy.kpis.filters')}</legend>
          <Field label={t('strategy.kpis.search')} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
          <SelectField label={t('strategy.projects.ambition')} name="ambition" value={filters.ambition ?? ''} onChange={(e) => setFilter('ambition', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {(tree.data?.pillars ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {pick(p.title, lng)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.kpis.level')} name="level" value={filters.level ?? ''} onChange={(e) => setFilter('level', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {KPI_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`strategy.level.${l}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('strategy.kpis.status')} name="status" value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('strategy.projects.any')}</option>
            {KPI_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`strategy.kpiStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <div className="filters__actions">
            <button type="submit" className="button button--primary">
              {t('strategy.projects.apply')}
            </button>
            {active ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setQ('');
                  setParams(new URLSearchParams());
                }}
              >
                {t('strategy.projects.clear')}
              </button>
            ) : null}
          </div>
        </fieldset>
      </form>
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
