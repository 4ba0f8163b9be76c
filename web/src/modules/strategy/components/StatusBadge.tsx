import { useTranslation } from 'react-i18next';
import type { KpiStatus, ProjectStatus } from '../api/types';
import { kpiTone, projectTone } from '../format';

/** A project's status in words, with a coloured dot that only repeats what the words say. */
export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return <span className={`status-badge status-badge--${projectTone(status)}`}>{t(`strategy.status.${status}`)}</span>;
}

export function KpiStatusBadge({ status }: { status: KpiStatus | null | undefined }) {
  const { t } = useTranslation();
  const s = status ?? 'no_data';
  return <span className={`status-badge status-badge--${kpiTone(s)}`}>{t(`strategy.kpiStatus.${s}`)}</span>;
}
