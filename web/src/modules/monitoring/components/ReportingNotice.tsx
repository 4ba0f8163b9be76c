import { useTranslation } from 'react-i18next';
import { formatDate } from '../../strategy';
import { useProjectReporting } from '../api/queries';

/** On a project's public page: "progress report overdue since …", the last approved report, the next due date. */
export function ReportingNotice({ tenant, code }: { tenant: string; code: string }) {
  const { t, i18n } = useTranslation();
  const r = useProjectReporting(tenant, code);
  if (!r.data || r.data.periodMonths === null) return null;
  const d = r.data;
  const lng = i18n.language;
  return (
    <section aria-labelledby="pr-reporting" className="reporting-notice">
      <h2 id="pr-reporting">{t('monitoring.project.reporting')}</h2>
      {d.overdueSince ? (
        <p className="notice notice--error">{t('monitoring.project.overdueSince', { date: formatDate(d.overdueSince, lng) })}</p>
      ) : null}
      <p>
        {t('monitoring.project.every', { months: d.periodMonths })}{' '}
        {d.lastApproved ? t('monitoring.project.lastApproved', { number: d.lastApproved.number, start: formatDate(d.lastApproved.periodStart, lng), end: formatDate(d.lastApproved.periodEnd, lng) }) : null}{' '}
        {d.nextDue ? t('monitoring.project.nextDue', { date: formatDate(d.nextDue.dueOn, lng) }) : null}
      </p>
    </section>
  );
}
