import { useTranslation } from 'react-i18next';
import type { ProgressReport } from '../api/types';

/** A report's state in words (a returned draft says so). */
export function ReportStatusBadge({ report }: { report: Pick<ProgressReport, 'status' | 'returned'> }) {
  const { t } = useTranslation();
  const key = report.returned ? 'returned' : report.status;
  return <span className={`badge report-status report-status--${key}`}>{t(`monitoring.status.${key}`)}</span>;
}
