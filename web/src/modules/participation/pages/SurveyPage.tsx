import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { ApiError } from '../../../api/client';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useRespond, useSurvey, useSurveyStatus } from '../api/hooks';
import type { AnswerValue, Survey } from '../api/types';
import { AttributeInput, isAttributeShown, isShown, QuestionInput } from '../components/QuestionInput';
import { Ml } from '../../../components/Ml';
import { FollowButton } from '../../notifications';

/** How "one answer per person" is checked for this consultation, in plain words (issue 4). */
export function OncePerPerson({ survey: s, signedIn }: { survey: Pick<Survey, 'anonymous' | 'audience'>; signedIn: boolean }) {
  const { t } = useTranslation();
  const anonymousHere = s.anonymous && !signedIn;
  return (
    <div className="notice pp-once">
      <p>
        <strong>{t('participation.answerForm.onceTitle')}</strong> {anonymousHere ? t('participation.answerForm.oncePerBrowser') : t('participation.answerForm.oncePerAccount')}
      </p>
      {anonymousHere ? <p>{t('participation.survey.browserWeakness')}</p> : null}
    </div>
  );
}

export function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { tenant, id } = useParams();
  const survey = useSurvey(tenant, id);
  const me = useMe();
  const respond = useRespond(tenant ?? '', id ?? '');
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [profile, setProfile] = useState<Record<string, string>>({});
  const lng = i18n.language;
  if (survey.isPending) return <Loading />;
  if (survey.isError) return <LoadError onRetry={() => void survey.refetch()} />;
  const s = survey.data;
  const signedIn = !!me.data?.authenticated;
  const err = respond.error instanceof ApiError ? respond.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const shown = Object.fromEntries(Object.entries(answers).filter(([k]) => isShown(s.questions.find((q) => q.key === k)!, answers)));
    const shownProfile = Object.fromEntries(Object.entries(profile).filter(([k]) => isAttributeShown(s.attributes.find((a) => a.key === k)!, profile)));
    respond.mutate({ answers: shown, profile: shownProfile, anonymous: s.anonymous && !signedIn });
  };
  const done = respond.isSuccess || s.myResponse;
  // Questions outside any section come first, then each section with its questions.
  const loose = s.questions.filter((q) => !q.section || !s.sections.some((sec) => sec.key === q.section));
  const groups = [{ key: '', title: { ro: '' }, questions: loose }, ...s.sections.map((sec) => ({ ...sec, questions: s.questions.filter((q) => q.section === sec.key) }))].filter((g) => g.questions.length);
  const attributes = s.attributes.filter((a) => isAttributeShown(a, profile));
  const aa = s.audience === 'attribute' && s.audienceAttribute ? s.attributes.find((a) => a.key === s.audienceAttribute!.key) : undefined;

  return (
    <>
      <h1><Ml text={s.title} /></h1>
      <FollowButton tenant={tenant ?? ''} kind="participation.survey" id={String(s.id)} title={pick(s.title, lng)} />
      {s.status === 'draft' ? (
        <p className="notice">
          {t('participation.answerForm.draft')} {s.abilities.edit ? <Link to={`/${tenant}/surveys/${s.slug}/edit`}>{t('participation.answerForm.edit')}</Link> : null}
        </p>
      ) : null}
      <p><Ml text={s.description} /></p>
      {s.reconstructed ? <p className="notice">{t('participation.survey.reconstructed')}</p> : null}
      {aa ? (
        <p className="notice">
          {t('participation.answerForm.forAttribute', {
            question: pick(aa.label, lng),
            values: aa.options
              .filter((o) => s.audienceAttribute!.values.includes(o.key))
              .map((o) => pick(o.label, lng))
              .join(', '),
          })}
        </p>
      ) : null}
      {s.status !== 'draft' ? (
        <p>
          <Link to={`/${tenant}/surveys/${s.slug}/results`}>{t('participation.survey.seeResults')}</Link>
        </p>
      ) : null}
      {s.status === 'closed' ? <p className="notice">{t('participation.survey.closed')}</p> : null}
      {s.abilities.manage && s.status !== 'draft' ? <OpenOrClose tenant={tenant!} slug={s.slug} status={s.status} /> : null}
      {done ? (
        <div className="notice notice--success" role="status">
          {respond.isSuccess ? t('participation.survey.thanks') : t('participation.answerForm.already', { date: new Date(s.myResponse!.submittedAt).toLocaleDateString(lng) })} <Link to={`/${tenant}/surveys/${s.slug}/results`}>{t('participation.survey.seeResults')}</Link>
        </div>
      ) : s.status === 'draft' ? (
        <p className="notice">{t('participation.answerForm.notOpenYet')}</p>
      ) : s.status !== 'open' ? null : !signedIn && !s.anonymous ? (
        <p className="notice">
          {t('participation.signInFirst')} <Link to={`/signin?next=${encodeURIComponent(`/${tenant}/surveys/${s.slug}`)}`}>{t('participation.signIn')}</Link>
        </p>
      ) : !s.abilities.answer ? (
        <p className="notice">{t('participation.survey.notForYou')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <OncePerPerson survey={s} signedIn={signedIn} />
          <FormMessage error={respond.error} />
          {attributes.length ? (
            <section aria-labelledby="sv-about">
              <h2 id="sv-about">{t('participation.answerForm.aboutYou')}</h2>
              <p className="field__hint">{s.anonymous ? t('participation.answerForm.aboutYouHintAnonymous') : t('participation.answerForm.aboutYouHint')}</p>
              {attributes.map((a) => (
                <AttributeInput
                  key={a.key}
                  attribute={a}
                  value={profile[a.key]}
                  error={err?.fieldMessage(`profile.${a.key}`)}
                  onChange={(v) =>
                    setProfile((p) => {
                      const next = { ...p };
                      if (v === undefined) delete next[a.key];
                      else next[a.key] = v;
                      return next;
                    })
                  }
                />
              ))}
            </section>
          ) : null}
          {groups.map((g) => (
            <section key={g.key || '-'} aria-labelledby={g.key ? `sec-${g.key}` : undefined}>
              {g.key ? <h2 id={`sec-${g.key}`}>{pick(g.title, lng)}</h2> : null}
              {g.questions
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

/** Staff: close the consultation when its time is over (answers and results stay), or open it again. */
function OpenOrClose({ tenant, slug, status }: { tenant: string; slug: string; status: string }) {
  const { t } = useTranslation();
  const change = useSurveyStatus(tenant, slug);
  const to = status === 'open' ? 'closed' : 'open';
  return (
    <div>
      <button type="button" className="button" disabled={change.isPending} onClick={() => change.mutate(to)}>
        {to === 'closed' ? t('participation.answerForm.close') : t('participation.answerForm.reopen')}
      </button>
      <FormMessage error={change.error} />
    </div>
  );
}
