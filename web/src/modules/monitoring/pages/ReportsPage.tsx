import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { LoadError, Loading } from '../../../components/Status';
import { DataTable } from '../../../components/TableWrap';
import { pick } from '../../../i18n';
import { useCan } from '../../../api/auth/useCan';
import { codeSegment, formatDate } from '../../strategy';
import { useOverdue, useReports } from '../api/queries';
import { ReportStatusBadge } from '../components/ReportStatusBadge';

/** Progress reports: a team's own, or all of them with the overdue count for staff. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const me = useMe();
  const can = useCan(tenant);
  const mayRead = can('monitoring.readReports');
  const reports = useReports(tenant, mayRead);
  const overdue = useOverdue(tenant, can('monitoring.seeOverdue'));
  const lng = i18n.language;

  return (
    <>
      <h1>{t('monitoring.reports.title')}</h1>
      <p className="lead">{t('monitoring.reports.intro')}</p>
      {!me.isPending && !mayRead ? <p className="notice">{t('monitoring.reports.signIn')}</p> : null}
      {overdue.data ? (
        <section aria-labelledby="mon-overdue" className="panel">
          <h2 id="mon-overdue">{t('monitoring.overdue.title')}</h2>
          <p className="overdue-count">{overdue.data.count ? t('monitoring.overdue.count', { count: overdue.data.count }) : t('monitoring.overdue.none')}</p>
          {overdue.data.items.length ? (
            <DataTable labelledBy="mon-overdue" columns={[t('monitoring.reports.project'), t('monitoring.reports.period'), t('monitoring.reports.dueOn'), t('monitoring.overdue.days')]}>
              {overdue.data.items.slice(0, 50).map((o) => (
                <tr key={`${o.project}|${o.periodStart}`}>
                  <td>
                    <Link to={`/${tenant}/projects/${codeSegment(o.project)}`}>{o.project}</Link>
                  </td>
                  <td>
                    {formatDate(o.periodStart, lng)} – {formatDate(o.periodEnd, lng)}
                  </td>
                  <td>{formatDate(o.dueOn, lng)}</td>
                  <td>{o.daysOverdue}</td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </section>
      ) : null}
      {mayRead ? (
        reports.isPending ? (
          <Loading />
        ) : reports.isError ? (
          <LoadError onRetry={() => void reports.refetch()} />
        ) : (
          <>
            {reports.data.abilities.create ? (
              <p>
                <Link className="button button--primary" to={`/${tenant}/monitoring/reports/new`}>
                  {t('monitoring.reports.new')}
                </Link>
              </p>
            ) : null}
            {reports.data.items.length === 0 ? (
              <p>{t('monitoring.reports.none')}</p>
            ) : (
              <DataTable label={t('monitoring.reports.title')} columns={[t('monitoring.reports.number'), t('monitoring.reports.project'), t('monitoring.reports.period'), t('monitoring.reports.status')]}>
                {reports.data.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/${tenant}/monitoring/reports/${r.id}`}>{t('monitoring.report.title', { number: r.number })}</Link>
                    </td>
                    <td>
                      {r.project.code}
                      {r.project.title ? ` — ${pick(r.project.title, lng)}` : ''}
                    </td>
                    <td>
                      {formatDate(r.periodStart, lng)} – {formatDate(r.periodEnd, lng)}
                    </td>
                    <td>
                      <ReportStatusBadge report={r} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )
      ) : null}
    </>
  );
}
