import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { formatDate } from '../../strategy';
import { useAnswerRecommendation, useCreateRecommendation, useRoundAction, useWriteFinding } from '../api/mutations';
import { useEvaluation, useRecommendations } from '../api/queries';
import type { Evaluation, Recommendation, RecommendationStatus } from '../api/types';
import { ReportLinks } from './ReportLinks';

const STATUSES: RecommendationStatus[] = ['open', 'accepted', 'done', 'rejected'];

/** A Multiloc from a form: `name` (Romanian, required) and optional `name.en` / `name.hu`. */
function multilocOf(f: FormData, name: string): { ro: string; en?: string; hu?: string } {
  const v = (k: string) => String(f.get(k) ?? '').trim();
  return { ro: String(f.get(name) ?? ''), ...(v(`${name}.en`) ? { en: v(`${name}.en`) } : {}), ...(v(`${name}.hu`) ? { hu: v(`${name}.hu`) } : {}) };
}

/** Staff write in Romanian and may add English and Hungarian (user content is a Multiloc). */
function MultilocAreas({ name, labels, error, errorOf, rows }: { name: string; labels: [string, string, string]; error?: string | undefined; errorOf: (f: string) => string | undefined; rows?: number }) {
  return (
    <>
      <TextArea label={labels[0]} name={name} required error={error} rows={rows} />
      <TextArea label={labels[1]} name={`${name}.en`} error={errorOf(`${name}.en`)} rows={rows} />
      <TextArea label={labels[2]} name={`${name}.hu`} error={errorOf(`${name}.hu`)} rows={rows} />
    </>
  );
}

/** A labelled textarea with the server's error for its field. */
function TextArea({ label, name, error, required, rows = 4 }: { label: string; name: string; error?: string | undefined; required?: boolean; rows?: number }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={rows} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </div>
  );
}

function StatusSelect({ label, value, onChange }: { label: string; value: RecommendationStatus; onChange: (s: RecommendationStatus) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as RecommendationStatus)}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`evaluations.recStatus.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

const fieldOf = (e: unknown) => (f: string) => (e instanceof ApiError ? e.errors.find((x) => x.field === f || x.field.startsWith(`${f}.`))?.message : undefined);

/** One evaluation round: its reports, findings and recommendations; staff and steering forms by ability. */
export function EvaluationPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '', id: idParam } = useParams();
  const id = Number(idParam);
  const ev = useEvaluation(tenant, id);
  const recs = useRecommendations(tenant, id, ev.isSuccess);
  const lng = i18n.language;
  if (ev.isPending) return <Loading />;
  if (ev.isError) return <LoadError onRetry={() => void ev.refetch()} />;
  const e = ev.data;
  return (
    <>
      <p>
        <Link to={`/${tenant}/evaluations`}>{t('evaluations.back')}</Link>
      </p>
      <h1>{pick(e.title, lng)}</h1>
      <p className="lead">
        {t(`evaluations.type.${e.type}`)} · {formatDate(e.periodStart, lng)} – {formatDate(e.periodEnd, lng)} · {e.scope.length ? e.scope.map((s) => s.code).join(', ') : t('evaluations.wholeStrategy')}
      </p>
      {e.status === 'draft' ? <p className="notice">{t('evaluations.draftNotice')}</p> : null}
      {e.demo ? <p className="notice">{t('evaluations.demo')}</p> : null}

      <section aria-labelledby="ev-reports" className="panel">
        <h2 id="ev-reports">{t('evaluations.report.title')}</h2>
        {e.reports.length === 0 ? <p>{t('evaluations.report.none')}</p> : null}
        {e.reports.map((r) => (
          <div key={r.version}>
            <h3>
              {t('evaluations.report.version', { version: r.version, date: formatDate(r.generatedAt, lng) })}
              {r.published ? ` — ${t('evaluations.published')}` : ''}
            </h3>
            <ReportLinks report={r} />
          </div>
        ))}
        {e.abilities.generate ? <RoundActions tenant={tenant} evaluation={e} /> : null}
      </section>

      <section aria-labelledby="ev-findings">
        <h2 id="ev-findings">{t('evaluations.findings.title')}</h2>
        {e.findings.length === 0 ? <p>{t('evaluations.findings.none')}</p> : null}
        {e.findings.map((f) => (
          <article key={f.scope.code} className="panel">
            <h3>
              {f.scope.code}
              {f.scope.title ? ` — ${pick(f.scope.title, lng)}` : ''}
            </h3>
            <p className="prewrap">{pick(f.text, lng)}</p>
          </article>
        ))}
        {e.abilities.writeFindings ? <FindingForm tenant={tenant} evaluation={e} /> : null}
      </section>

      <section aria-labelledby="ev-recs">
        <h2 id="ev-recs">{t('evaluations.recs.title')}</h2>
        {recs.isPending ? <Loading /> : recs.isError ? <LoadError onRetry={() => void recs.refetch()} /> : null}
        {recs.data?.items.length === 0 ? <p>{t('evaluations.recs.none')}</p> : null}
        {recs.data?.items.map((r) => <RecommendationItem key={r.id} tenant={tenant} evaluationId={e.id} rec={r} />)}
        {recs.data?.abilities.create ? <RecommendationForm tenant={tenant} evaluationId={e.id} /> : null}
      </section>
    </>
  );
}

function RoundActions({ tenant, evaluation }: { tenant: string; evaluation: Evaluation }) {
  const { t } = useTranslation();
  const action = useRoundAction(tenant, evaluation.id);
  const [done, setDone] = useState<string>();
  return (
    <div className="actions">
      <FormMessage error={action.error} success={done} />
      <button type="button" className="button button--primary" disabled={action.isPending} onClick={() => action.mutate('generate', { onSuccess: (r) => setDone(t('evaluations.generated', { version: r.reports[0]?.version ?? 1 })) })}>
        {action.isPending ? t('evaluations.generating') : t('evaluations.generate')}
      </button>{' '}
      {evaluation.reports.length ? (
        <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate('publish', { onSuccess: () => setDone(t('evaluations.publishedDone')) })}>
          {t('evaluations.publish')}
        </button>
      ) : null}
    </div>
  );
}

function FindingForm({ tenant, evaluation }: { tenant: string; evaluation: Evaluation }) {
  const { t } = useTranslation();
  const write = useWriteFinding(tenant, evaluation.id);
  const [scope, setScope] = useState(evaluation.scope[0]?.code ?? '');
  const [done, setDone] = useState<string>();
  const scopeId = useId();
  const field = fieldOf(write.error);
  const onSubmit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const text = multilocOf(new FormData(form), 'text');
    write.mutate({ scope, text }, { onSuccess: () => (setDone(t('evaluations.findings.saved')), form.reset()) });
  };
  return (
    <form onSubmit={onSubmit} className="panel" noValidate aria-labelledby="ev-finding-form">
      <h3 id="ev-finding-form">{t('evaluations.findings.write')}</h3>
      <FormMessage error={write.error} success={done} />
      <div className={`field${field('scope') ? ' field--error' : ''}`}>
        <label htmlFor={scopeId}>{t('evaluations.findings.scope')}</label>
        {evaluation.scope.length ? (
          <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value)}>
            {evaluation.scope.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code}
              </option>
            ))}
          </select>
        ) : (
          <input id={scopeId} value={scope} onChange={(e) => setScope(e.target.value)} required />
        )}
      </div>
      <MultilocAreas name="text" labels={[t('evaluations.findings.text'), t('evaluations.findings.textEn'), t('evaluations.findings.textHu')]} error={field('text.ro')} errorOf={field} rows={5} />
      <button type="submit" className="button button--primary" disabled={write.isPending || !scope}>
        {t('evaluations.save')}
      </button>
    </form>
  );
}

function RecommendationItem({ tenant, evaluationId, rec }: { tenant: string; evaluationId: number; rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="panel recommendation">
      <h3>
        {t('evaluations.recs.number', { number: rec.number })} — {t(`evaluations.recStatus.${rec.status}`)}
      </h3>
      <p className="prewrap">{pick(rec.text, i18n.language)}</p>
      <p>
        {t('evaluations.recs.addressedTo')}: {rec.addressedTo}
      </p>
      {rec.reason ? (
        <p>
          {t('evaluations.recs.reason')}: {rec.reason}
        </p>
      ) : null}
      <p>
        {t('evaluations.recs.answer')}: {rec.answer ? pick(rec.answer, i18n.language) : t('evaluations.recs.noAnswer')}
      </p>
      {rec.abilities.answer ? <AnswerForm tenant={tenant} evaluationId={evaluationId} rec={rec} /> : null}
    </article>
  );
}

function AnswerForm({ tenant, evaluationId, rec }: { tenant: string; evaluationId: number; rec: Recommendation }) {
  const { t } = useTranslation();
  const answer = useAnswerRecommendation(tenant, evaluationId);
  const [status, setStatus] = useState<RecommendationStatus>(rec.status);
  const field = fieldOf(answer.error);
  const onSubmit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const reason = String(f.get('reason') ?? '').trim();
    answer.mutate({ rid: rec.id, answer: multilocOf(f, 'answer'), status, ...(reason ? { reason } : {}) });
  };
  return (
    <details>
      <summary>{t('evaluations.recs.answerIt', { number: rec.number })}</summary>
      <form onSubmit={onSubmit} noValidate>
        <FormMessage error={answer.error} />
        <MultilocAreas name="answer" labels={[t('evaluations.recs.answer'), t('evaluations.recs.answerEn'), t('evaluations.recs.answerHu')]} error={field('answer.ro')} errorOf={field} rows={3} />
        <StatusSelect label={t('evaluations.recs.status')} value={status} onChange={setStatus} />
        {status === 'rejected' ? <TextArea label={t('evaluations.recs.reason')} name="reason" required error={field('reason')} rows={2} /> : null}
        <button type="submit" className="button button--primary" disabled={answer.isPending}>
          {t('evaluations.recs.sendAnswer')}
        </button>
      </form>
    </details>
  );
}

function RecommendationForm({ tenant, evaluationId }: { tenant: string; evaluationId: number }) {
  const { t } = useTranslation();
  const create = useCreateRecommendation(tenant, evaluationId);
  const [status, setStatus] = useState<RecommendationStatus>('open');
  const [done, setDone] = useState<string>();
  const addresseeId = useId();
  const field = fieldOf(create.error);
  const onSubmit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const reason = String(f.get('reason') ?? '').trim();
    create.mutate(
      { text: multilocOf(f, 'text'), addressedTo: String(f.get('addressedTo') ?? ''), status, ...(reason ? { reason } : {}) },
      { onSuccess: (r) => (setDone(t('evaluations.recs.saved', { number: r.number })), form.reset(), setStatus('open')) },
    );
  };
  return (
    <form onSubmit={onSubmit} className="panel" noValidate aria-labelledby="ev-rec-form">
      <h3 id="ev-rec-form">{t('evaluations.recs.new')}</h3>
      <FormMessage error={create.error} success={done} />
      <MultilocAreas name="text" labels={[t('evaluations.recs.text'), t('evaluations.recs.textEn'), t('evaluations.recs.textHu')]} error={field('text.ro')} errorOf={field} />
      <div className={`field${field('addressedTo') ? ' field--error' : ''}`}>
        <label htmlFor={addresseeId}>{t('evaluations.recs.addressedTo')}</label>
        {field('addressedTo') ? <p className="field__error">{field('addressedTo')}</p> : null}
        <input id={addresseeId} name="addressedTo" required />
      </div>
      <StatusSelect label={t('evaluations.recs.status')} value={status} onChange={setStatus} />
      {status === 'rejected' ? <TextArea label={t('evaluations.recs.reason')} name="reason" required error={field('reason')} rows={2} /> : null}
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t('evaluations.recs.record')}
      </button>
    </form>
  );
}
