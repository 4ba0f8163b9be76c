import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useMe } from '../../../api/auth/useMe';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useProject, formatDate } from '../../strategy';
import { useCan } from '../../../api/auth/useCan';
import { useCreateReport } from '../api/mutations';
import { useProjectReporting, useTeams } from '../api/queries';
import { ReportForm } from '../components/ReportForm';

/** Start a report: choose one of my projects and one of its open periods, then fill the report. */
export function NewReportPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  // reviewers may report on any project, everyone else on their team's (the server's canCreate)
  const anyProject = useCan(tenant)('monitoring.reviewReports');
  const teams = useTeams(tenant, !!me.data?.authenticated);
  const myProjects = (teams.data?.items ?? []).filter((x) => anyProject || x.userIds.includes(me.data?.user?.id ?? '')).map((x) => x.project);
  const [project, setProject] = useState('');
  const chosen = project || myProjects[0] || '';
  const reporting = useProjectReporting(tenant, chosen || undefined);
  const detail = useProject(tenant, chosen || undefined);
  const [period, setPeriod] = useState('');
  const create = useCreateReport(tenant);
  const projectId = useId();
  const periodId = useId();
  const open = reporting.data?.openPeriods ?? [];
  const periodStart = period && open.some((p) => p.start === period) ? period : (open[0]?.start ?? '');
  const err = create.error instanceof ApiError ? create.error : undefined;
  const lng = i18n.language;

  return (
    <>
      <h1>{t('monitoring.form.title')}</h1>
      <FormMessage error={create.error} />
      {myProjects.length ? (
        <div className="field">
          <label htmlFor={projectId}>{t('monitoring.form.project')}</label>
          <p className="field__hint" id={`${projectId}-hint`}>
            {t('monitoring.form.projectHint')}
          </p>
          <select id={projectId} aria-describedby={`${projectId}-hint`} value={chosen} onChange={(e) => setProject(e.target.value)}>
            {myProjects.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <Field label={t('monitoring.form.projectCode')} value={project} onChange={(e) => setProject(e.target.value.trim())} error={err?.fieldMessage('project')} />
      )}
      {chosen && reporting.data ? (
        open.length ? (
          <div className={`field${err?.fieldMessage('periodStart') ? ' field--error' : ''}`}>
            <label htmlFor={periodId}>{t('monitoring.form.period')}</label>
            <select id={periodId} value={periodStart} onChange={(e) => setPeriod(e.target.value)}>
              {open.map((p) => (
                <option key={p.start} value={p.start}>
                  {t('monitoring.form.periodOption', { start: formatDate(p.start, lng), end: formatDate(p.end, lng), due: formatDate(p.dueOn, lng) })}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="notice">{t('monitoring.form.noPeriods')}</p>
        )
      ) : null}
      {chosen && periodStart ? (
        <ReportForm
          tenant={tenant}
          pillar={detail.data?.pillar.code}
          budget={detail.data?.budget.amount ?? null}
          submitLabel={t('monitoring.form.create')}
          busy={create.isPending}
          fieldError={(f) => err?.fieldMessage(f)}
          onSubmit={(fields) => create.mutate({ ...fields, project: chosen, periodStart }, { onSuccess: (r) => void navigate(`/${tenant}/monitoring/reports/${r.id}`) })}
        />
      ) : null}
    </>
  );
}
