import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { formatDate } from '../../strategy';
import { useCreateEvaluation } from '../api/mutations';
import { useEvaluations } from '../api/queries';
import type { EvaluationType } from '../api/types';
import { ReportLinks } from './ReportLinks';

const TYPES: EvaluationType[] = ['annual', 'intermediate', 'ex_ante', 'ex_post'];

/** The city's public "Evaluation" page: published rounds and their reports; staff also see drafts and open a round. */
export function EvaluationsPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const list = useEvaluations(tenant);
  const lng = i18n.language;
  return (
    <>
      <h1>{t('evaluations.title')}</h1>
      <p className="lead">{t('evaluations.intro')}</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError onRetry={() => void list.refetch()} />
      ) : (
        <>
          {list.data.items.length === 0 ? <p>{t('evaluations.none')}</p> : null}
          <ul className="evaluation-list">
            {list.data.items.map((e) => (
              <li key={e.id} className="panel">
                <h2>
                  <Link to={`/${tenant}/evaluations/${e.id}`}>{pick(e.title, lng)}</Link>
                </h2>
                <p>
                  {t(`evaluations.type.${e.type}`)} · {formatDate(e.periodStart, lng)} – {formatDate(e.periodEnd, lng)}
                  {e.status === 'draft' ? <strong className="badge"> {t('evaluations.draft')}</strong> : null}
                </p>
                {e.demo ? <p className="notice">{t('evaluations.demo')}</p> : null}
                <p>{t('evaluations.recommendationCount', { count: e.recommendationCount })}</p>
                {e.latestReport ? <ReportLinks report={e.latestReport} /> : null}
              </li>
            ))}
          </ul>
          {list.data.abilities.create ? <CreateForm tenant={tenant} /> : null}
        </>
      )}
    </>
  );
}

function CreateForm({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateEvaluation(tenant);
  const [type, setType] = useState<EvaluationType>('annual');
  const err = create.error instanceof ApiError ? create.error : undefined;
  const fieldError = (f: string) => err?.errors.find((x) => x.field === f || x.field.startsWith(`${f}[`) || x.field.startsWith(`${f}.`))?.message;
  const onSubmit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const scope = String(f.get('scope') ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    create.mutate(
      { type, title: { ro: String(f.get('title') ?? '') }, periodStart: String(f.get('periodStart') ?? ''), periodEnd: String(f.get('periodEnd') ?? ''), scope },
      { onSuccess: (e) => void navigate(`/${tenant}/evaluations/${e.id}`) },
    );
  };
  return (
    <section aria-labelledby="ev-new" className="panel">
      <h2 id="ev-new">{t('evaluations.new.title')}</h2>
      <form onSubmit={onSubmit} noValidate>
        <FormMessage error={create.error} />
        <div className="field">
          <label htmlFor="ev-type">{t('evaluations.new.type')}</label>
          <select id="ev-type" value={type} onChange={(e) => setType(e.target.value as EvaluationType)}>
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`evaluations.type.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <Field label={t('evaluations.new.titleRo')} name="title" required error={fieldError('title')} />
        <Field label={t('evaluations.new.periodStart')} name="periodStart" type="date" required error={fieldError('periodStart')} />
        <Field label={t('evaluations.new.periodEnd')} name="periodEnd" type="date" required error={fieldError('periodEnd')} />
        <Field label={t('evaluations.new.scope')} hint={t('evaluations.new.scopeHint')} name="scope" error={fieldError('scope')} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('evaluations.new.submit')}
        </button>
      </form>
    </section>
  );
}
