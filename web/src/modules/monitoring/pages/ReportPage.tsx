import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useProject, codeSegment, formatDate, formatMoney, formatNumber } from '../../strategy';
import { useAttach, useTransition, useUpdateReport } from '../api/mutations';
import { useReport } from '../api/queries';
import type { ProgressReport } from '../api/types';
import { ReportForm } from '../components/ReportForm';
import { ReportStatusBadge } from '../components/ReportStatusBadge';

/** One report: the team edits and submits its draft; staff return it with a comment or approve it. */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '', id } = useParams();
  const reportId = Number(id);
  const report = useReport(tenant, reportId);
  const project = useProject(tenant, report.data?.project.code);
  const update = useUpdateReport(tenant, reportId);
  const transition = useTransition(tenant, reportId);
  const [done, setDone] = useState<string | undefined>();
  const lng = i18n.language;

  if (report.isPending) return <Loading />;
  if (report.isError) return <LoadError onRetry={() => void report.refetch()} />;
  const r = report.data;
  const err = (update.error ?? transition.error) instanceof ApiError ? ((update.error ?? transition.error) as ApiError) : undefined;

  return (
    <>
      <p>
        <Link to={`/${tenant}/monitoring/reports`}>{t('monitoring.reports.title')}</Link>
      </p>
      <h1>{t('monitoring.report.title', { number: r.number })}</h1>
      <p>
        <Link to={`/${tenant}/projects/${codeSegment(r.project.code)}`}>
          {r.project.code}
          {r.project.title ? ` — ${pick(r.project.title, lng)}` : ''}
        </Link>
        {' · '}
        {formatDate(r.periodStart, lng)} – {formatDate(r.periodEnd, lng)} · {t('monitoring.reports.dueOn')}: {formatDate(r.dueOn, lng)}
      </p>
      <p>
        <ReportStatusBadge report={r} />
      </p>
      {r.returned && r.returnComment ? (
        <div className="notice notice--error">
          <p>{t('monitoring.report.returnedNotice')}</p>
          <p className="report-comment">{r.returnComment}</p>
        </div>
      ) : null}
      {r.locked ? <p className="notice">{t('monitoring.report.lockedNotice')}</p> : null}
      <FormMessage error={update.error ?? transition.error} success={done} />

      {r.abilities.edit ? (
        <ReportForm
          key={r.history.length}
          tenant={tenant}
          pillar={project.data?.pillar.code}
          budget={r.budget}
          initial={r}
          submitLabel={t('monitoring.form.save')}
          busy={update.isPending}
          fieldError={(f) => err?.fieldMessage(f)}
          onSubmit={(fields) => update.mutate(fields, { onSuccess: () => setDone(t('monitoring.form.saved')) })}
        />
      ) : (
        <ReportSummary report={r} />
      )}
      {r.abilities.submit ? (
        <p>
          <button type="button" className="button button--primary" disabled={transition.isPending} onClick={() => transition.mutate({ action: 'submit' }, { onSuccess: () => setDone(t('monitoring.report.submitted')) })}>
            {t('monitoring.report.submit')}
          </button>
        </p>
      ) : null}
      {r.abilities.return || r.abilities.approve ? <Review report={r} tenant={tenant} onDone={setDone} /> : null}
      <Attachments report={r} tenant={tenant} />
      <section aria-labelledby="rep-history">
        <h2 id="rep-history">{t('monitoring.report.history')}</h2>
        <ol className="report-history">
          {r.history.map((h, i) => (
            <li key={i}>
              {formatDate(h.at, lng)} — {t(`monitoring.report.action.${h.action}`)}
              {h.by ? ` (${h.by})` : ''}
              {h.comment ? `: ${h.comment}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function ReportSummary({ report: r }: { report: ProgressReport }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section aria-labelledby="rep-details">
      <h2 id="rep-details">{t('monitoring.report.details')}</h2>
      <dl className="facts">
        <dt>{t('monitoring.form.projectStatus')}</dt>
        <dd>{t(`strategy.status.${r.projectStatus}`)}</dd>
        <dt>{t('monitoring.form.progress')}</dt>
        <dd>{r.progress === null ? t('monitoring.report.none') : `${formatNumber(r.progress, lng, 0)} %`}</dd>
        <dt>{t('monitoring.form.spendToDate')}</dt>
        <dd>
          {formatMoney(r.spendToDate, lng)}
          {r.budget ? ` / ${formatMoney(r.budget, lng)}` : ''}
        </dd>
        <dt>{t('monitoring.form.milestonesReached')}</dt>
        <dd>{r.milestonesReached.join('; ') || t('monitoring.report.none')}</dd>
        <dt>{t('monitoring.form.milestonesPlanned')}</dt>
        <dd>{r.milestonesPlanned.join('; ') || t('monitoring.report.none')}</dd>
        <dt>{t('monitoring.form.risks')}</dt>
        <dd>{r.risks || t('monitoring.report.none')}</dd>
        <dt>{t('monitoring.report.narrative')}</dt>
        <dd>{pick(r.narrative, lng)}</dd>
        <dt>{t('monitoring.form.kpis')}</dt>
        <dd>{r.kpiValues.map((k) => `${k.kpi}: ${formatNumber(k.value, lng)}`).join('; ') || t('monitoring.report.none')}</dd>
      </dl>
    </section>
  );
}

function Review({ report, tenant, onDone }: { report: ProgressReport; tenant: string; onDone: (s: string) => void }) {
  const { t } = useTranslation();
  const transition = useTransition(tenant, report.id);
  const commentId = useId();
  const err = transition.error instanceof ApiError ? transition.error : undefined;
  const doReturn = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get('comment') ?? '');
    // mutateAsync: this form unmounts when the refreshed report no longer offers a review, and a per-call
    // onSuccess of an unmounted component's mutation is not called.
    transition.mutateAsync({ action: 'return', comment }).then(() => onDone(t('monitoring.report.returnedDone')), () => undefined);
  };
  return (
    <section aria-labelledby="rep-review" className="panel">
      <h2 id="rep-review">{t('monitoring.report.review')}</h2>
      <FormMessage error={transition.error} />
      <form onSubmit={doReturn}>
        <div className={`field${err?.fieldMessage('comment') ? ' field--error' : ''}`}>
          <label htmlFor={commentId}>{t('monitoring.report.comment')}</label>
          {err?.fieldMessage('comment') ? <p className="field__error">{err.fieldMessage('comment')}</p> : null}
          <textarea id={commentId} name="comment" rows={3} />
        </div>
        <p className="review-actions">
          <button type="submit" disabled={transition.isPending || !report.abilities.return}>
            {t('monitoring.report.return')}
          </button>{' '}
          <button type="button" className="button button--primary" disabled={transition.isPending || !report.abilities.approve} onClick={() => void transition.mutateAsync({ action: 'approve' }).then(() => onDone(t('monitoring.report.approved')), () => undefined)}>
            {t('monitoring.report.approve')}
          </button>
        </p>
      </form>
    </section>
  );
}

function Attachments({ report, tenant }: { report: ProgressReport; tenant: string }) {
  const { t } = useTranslation();
  const attach = useAttach(tenant, report.id);
  const fileId = useId();
  const upload = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('file');
    if (file instanceof File && file.size) attach.mutate(file, { onSuccess: () => (e.target as HTMLFormElement).reset() });
  };
  return (
    <section aria-labelledby="rep-attachments">
      <h2 id="rep-attachments">{t('monitoring.report.attachments')}</h2>
      {report.attachments.length ? (
        <ul>
          {report.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.url} download>
                {a.name}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('monitoring.report.noAttachments')}</p>
      )}
      {report.abilities.attach ? (
        <form onSubmit={upload} className="inline-form">
          <FormMessage error={attach.error} />
          <div className="field">
            <label htmlFor={fileId}>{t('monitoring.report.attach')}</label>
            <input id={fileId} type="file" name="file" accept="application/pdf,image/*" />
          </div>
          <button type="submit" disabled={attach.isPending}>
            {t('monitoring.report.upload')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
