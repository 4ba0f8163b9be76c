import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { ApiError } from '../../../api/client';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useRespond, useSurvey } from '../api/hooks';
import type { AnswerValue } from '../api/types';
import { isShown, QuestionInput } from '../components/QuestionInput';

export function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { tenant, id } = useParams();
  const survey = useSurvey(tenant, id);
  const me = useMe();
  const respond = useRespond(tenant ?? '', id ?? '');
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const lng = i18n.language;
  if (survey.isPending) return <Loading />;
  if (survey.isError) return <LoadError onRetry={() => void survey.refetch()} />;
  const s = survey.data;
  const err = respond.error instanceof ApiError ? respond.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const shown = Object.fromEntries(Object.entries(answers).filter(([k]) => isShown(s.questions.find((q) => q.key === k)!, answers)));
    respond.mutate(shown);
  };
  const done = respond.isSuccess || s.myResponse;
  const sections = s.sections.length ? s.sections : [{ key: '', title: { ro: '' } }];

  return (
    <>
      <h1>{pick(s.title, lng)}</h1>
      <p>{pick(s.description, lng)}</p>
      {s.reconstructed ? <p className="notice">{t('participation.survey.reconstructed')}</p> : null}
      {s.anonymous ? <p className="notice">{t('participation.survey.browserWeakness')}</p> : null}
      <p>
        <Link to={`/${tenant}/surveys/${s.slug}/results`}>{t('participation.survey.seeResults')}</Link>
      </p>
      {done ? (
        <div className="notice notice--success" role="status">
          {t('participation.survey.thanks')} <Link to={`/${tenant}/surveys/${s.slug}/results`}>{t('participation.survey.seeResults')}</Link>
        </div>
      ) : s.status !== 'open' ? (
        <p className="notice">{t('participation.survey.closed')}</p>
      ) : !me.data?.authenticated && !s.anonymous ? (
        <p className="notice">
          {t('participation.signInFirst')} <Link to={`/signin?next=${encodeURIComponent(`/${tenant}/surveys/${s.slug}`)}`}>{t('participation.signIn')}</Link>
        </p>
      ) : !s.abilities.answer ? (
        <p className="notice">{t('participation.survey.notForYou')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormMessage error={respond.error} />
          {sections.map((sec) => (
            <section key={sec.key} aria-labelledby={sec.key ? `sec-${sec.key}` : undefined}>
              {sec.key ? <h2 id={`sec-${sec.key}`}>{pick(sec.title, lng)}</h2> : null}
              {s.questions
                .filter((q) => !sec.key || q.section === sec.key)
                .filter((q) => isShown(q, answers))
                .map((q) => (
                  <QuestionInput
                    key={q.key}
                    question={q}
                    value={answers[q.key]}
                    error={err?.fieldMessage(`answers.${q.key}`)}
                    onChange={(v) =>
                      setAnswers((a) => {
                        const next = { ...a };
                        if (v === undefined) delete next[q.key];
                        else next[q.key] = v;
                        return next;
                      })
                    }
                  />
                ))}
            </section>
          ))}
          <button type="submit" disabled={respond.isPending}>
            {t('participation.survey.submit')}
          </button>
        </form>
      )}
    </>
  );
}
