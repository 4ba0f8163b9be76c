import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { useMe } from '../../../api/auth/useMe';
import { useCan } from '../../../api/auth/useCan';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { base, participationKeys, useSurveyResults } from '../api/hooks';
import type { OpenAnswer } from '../api/types';

const PAGE = 40;
/** Staff screen: code the open answers of a consultation (create, rename, merge codes; tag answers; shares). */
export function CodingPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id } = useParams();
  const me = useMe();
  const manage = useCan(tenant)('participation.manage');
  const qc = useQueryClient();
  const results = useSurveyResults(tenant, id);
  const openQuestions = (results.data?.survey.questions ?? []).filter((q) => q.type === 'short_text' || q.type === 'long_text');
  const [chosen, setChosen] = useState('');
  const question = chosen || openQuestions[0]?.key || '';
  const [shown, setShown] = useState(PAGE);
  const [newLabel, setNewLabel] = useState('');
  const [renames, setRenames] = useState<Record<number, string>>({});
  // Ticks show at once; the server's answer follows (a failed tick is undone).
  const [ticks, setTicks] = useState<Record<string, boolean>>({});
  const [merges, setMerges] = useState<Record<number, string>>({});
  const surveyPath = `${base(tenant ?? '')}/surveys/${encodeURIComponent(id ?? '')}`;
  const answers = useQuery({
    queryKey: [...participationKeys.all(tenant ?? ''), 'open-answers', id, question],
    enabled: manage && !!question,
    queryFn: async () => (await api<{ items: OpenAnswer[] }>(`${surveyPath}/open-answers?question=${encodeURIComponent(question)}`)).items,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant ?? '') });
  const action = useMutation({ mutationFn: (a: { path: string; method: string; body?: unknown }) => api<unknown>(`${surveyPath}${a.path}`, { method: a.method, ...(a.body !== undefined ? { body: a.body } : {}) }), onSuccess: refresh });

  if (!manage) return <><h1>{t('participation.coding.title')}</h1><p>{me.isPending ? t('participation.create.checking') : t('participation.coding.staffOnly')}</p></>;
  if (results.isPending) return <Loading />;
  if (results.isError) return <LoadError onRetry={() => void results.refetch()} />;
  const r = results.data;
  const codes = r.questions.find((q) => q.key === question)?.codes ?? [];
  const add = (e: FormEvent) => {
    e.preventDefault();
    action.mutate({ path: '/codes', method: 'POST', body: { question, label: newLabel } }, { onSuccess: () => setNewLabel('') });
  };
  const items = answers.data ?? [];
  return (
    <>
      <p>
        <Link to={`/${tenant}/surveys/${r.survey.slug}/results`}>{t('participation.coding.back')}</Link>
      </p>
      <h1>{t('participation.coding.heading', { title: pick(r.survey.title, lng) })}</h1>
      <p>{t('participation.coding.intro')}</p>
      {openQuestions.length === 0 ? <p>{t('participation.coding.noOpen')}</p> : null}
      {openQuestions.length > 1 ? (
        <div className="field">
          <label htmlFor="cd-question">{t('participation.coding.question')}</label>
          <select id="cd-question" value={question} onChange={(e) => { setChosen(e.target.value); setShown(PAGE); }}>
            {openQuestions.map((q) => (
              <option key={q.key} value={q.key}>
                {pick(q.title, lng)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <FormMessage error={action.error} />
      {question ? (
        <>
          <section aria-labelledby="cd-codes">
            <h2 id="cd-codes">{t('participation.coding.codes')}</h2>
            {codes.length === 0 ? <p>{t('participation.coding.noCodes')}</p> : null}
            <ul className="pp-list">
              {codes.map((c) => (
                <li key={c.id} className="pp-card">
                  <p>
                    <strong>{c.label}</strong> — {t('participation.coding.share', { n: c.n, pct: c.pct.toLocaleString(lng) })}
                  </p>
                  <form className="pp-inline" onSubmit={(e) => { e.preventDefault(); action.mutate({ path: `/codes/${c.id}`, method: 'PATCH', body: { label: renames[c.id] ?? c.label } }); }}>
                    <label htmlFor={`cd-rename-${c.id}`}>{t('participation.coding.newName', { label: c.label })}</label>
                    <input id={`cd-rename-${c.id}`} value={renames[c.id] ?? c.label} onChange={(e) => setRenames((x) => ({ ...x, [c.id]: e.target.value }))} />
                    <button type="submit">{t('participation.coding.rename')}</button>
                  </form>
                  {codes.length > 1 ? (
                    <form className="pp-inline" onSubmit={(e) => { e.preventDefault(); const into = Number(merges[c.id]); if (into) action.mutate({ path: `/codes/${c.id}/merge`, method: 'POST', body: { into } }); }}>
                      <label htmlFor={`cd-merge-${c.id}`}>{t('participation.coding.mergeInto', { label: c.label })}</label>
                      <select id={`cd-merge-${c.id}`} value={merges[c.id] ?? ''} onChange={(e) => setMerges((x) => ({ ...x, [c.id]: e.target.value }))}>
                        <option value="">{t('participation.coding.choose')}</option>
                        {codes.filter((o) => o.id !== c.id).map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit">{t('participation.coding.merge')}</button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
            <form className="pp-inline" onSubmit={add}>
              <label htmlFor="cd-new">{t('participation.coding.newCode')}</label>
              <input id="cd-new" value={newLabel} onChange={(e) => setNewLabel(e.target.value)} />
              <button type="submit">{t('participation.coding.add')}</button>
            </form>
          </section>
          <section aria-labelledby="cd-answers">
            <h2 id="cd-answers">{t('participation.coding.answers', { count: items.length })}</h2>
            {answers.isPending ? <Loading /> : answers.isError ? <LoadError onRetry={() => void answers.refetch()} /> : null}
            <ol className="pp-list">
              {items.slice(0, shown).map((a, i) => (
                <li key={a.responseId} className="pp-card">
                  <fieldset>
                    <legend>{t('participation.coding.answer', { n: i + 1, text: a.text })}</legend>
                    {codes.map((c) => (
                      <label key={c.id} className="pp-check">
                        <input
                          type="checkbox"
                          checked={ticks[`${a.responseId}:${c.id}`] ?? a.codes.includes(c.id)}
                          onChange={(e) => {
                            const k = `${a.responseId}:${c.id}`;
                            const on = e.target.checked;
                            setTicks((x) => ({ ...x, [k]: on }));
                            action.mutate(
                              { path: `/codes/${c.id}/answers/${a.responseId}`, method: on ? 'PUT' : 'DELETE' },
                              { onError: () => setTicks((x) => Object.fromEntries(Object.entries(x).filter(([key]) => key !== k))) },
                            );
                          }}
                        /> {c.label}
                      </label>
                    ))}
                  </fieldset>
                </li>
              ))}
            </ol>
            {items.length > shown ? (
              <button type="button" onClick={() => setShown((s) => s + PAGE)}>
                {t('participation.coding.more', { count: items.length - shown })}
              </button>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}
