import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ChartView } from '../../../components/Chart';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base, useBudgetResults } from '../api/hooks';
import { money } from './BudgetPage';
import { useCan } from '../../../api/auth/useCan';
import { PromoteWinners } from '../components/BudgetStaffTools';
import { Ml } from '../../../components/Ml';

export function BudgetResultsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id } = useParams();
  const [params, setParams] = useSearchParams();
  const rule = params.get('rule') === 'equal-shares' ? 'equal-shares' : 'greedy';
  const r = useBudgetResults(tenant, id, rule);
  const manage = useCan(tenant)('participation.manage');
  if (r.isPending) return <Loading />;
  if (r.isError) return <LoadError onRetry={() => void r.refetch()} />;
  const { budget: b, items } = r.data;
  const top = items.slice(0, 20);
  return (
    <>
      <h1>{t('participation.budget.resultsTitle', { title: pick(b.title, lng) })}</h1>
      <p>{t('participation.budget.ballots', { count: r.data.ballots })}</p>
      <div className="field">
        <label htmlFor="pp-rule">{t('participation.budget.rule')}</label>
        <select id="pp-rule" value={rule} onChange={(e) => setParams({ rule: e.target.value })}>
          <option value="greedy">{t('participation.budget.greedy')}</option>
          <option value="equal-shares">{t('participation.budget.equalShares')}</option>
        </select>
      </div>
      <p>{t('participation.budget.spent', { spent: money(r.data.spent, b.currency, lng), total: money(b.total, b.currency, lng) })}</p>
      <ChartView kind="bar" title={t('participation.budget.votesChart')} labels={top.map((i) => pick(i.project.title, lng).slice(0, 30))} series={[{ label: t('participation.budget.votes'), values: top.map((i) => i.votes) }]} height={220} />
      <div className="table-wrap" role="region" aria-label={t('participation.budget.votesChart')} tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t('participation.budget.votesChart')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.budget.project')}</th>
              <th scope="col">{t('participation.budget.cost')}</th>
              <th scope="col">{t('participation.budget.votes')}</th>
              <th scope="col">{t('participation.budget.funded')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.project.id}>
                <th scope="row"><Ml text={i.project.title} /></th>
                <td>{money(i.project.cost, b.currency, lng)}</td>
                <td>{i.votes}</td>
                <td>{i.selected ? t('participation.budget.yes') : t('participation.budget.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {manage && b.status === 'closed' ? <PromoteWinners tenant={tenant!} budget={b} rule={rule} winners={items.filter((i) => i.selected).length} /> : null}
      <p>
        <a href={`${base(tenant!)}/budgets/${b.slug}/export.pb?rule=${rule}`}>{t('participation.budget.exportPb')}</a> · <Link to={`/${tenant}/budgets/${b.slug}`}>{t('participation.budget.back')}</Link>
      </p>
    </>
  );
}
