/**
 * Create or edit (while it is a draft) a consultation: address, titles, who can answer, draft or open, and
 * the question builder with a live preview. Sent as one definition to POST /surveys or PUT /surveys/{id};
 * the server's field errors come back next to the inputs they name.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../api/client';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { base, participationKeys } from '../api/hooks';
import type { Survey } from '../api/types';
import { cleanDraft, QuestionBuilder, SurveyPreview, type SurveyDraft } from './QuestionBuilder';
import { OncePerPerson } from '../pages/SurveyPage';
import { TextsFields, textsOf } from './TextsFields';

type Audience = 'anyone' | 'users' | 'attribute' | 'role';

const STARTER: SurveyDraft = {
  sections: [],
  attributes: [],
  questions: [{ key: 'q1', type: 'single', required: true, title: { ro: '' }, options: [{ key: 'o1', label: { ro: '' } }, { key: 'o2', label: { ro: '' } }] }],
};

export function SurveyForm({ tenant, initial, onSaved }: { tenant: string; initial?: Survey | undefined; onSaved?: (slug: string, status: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [f, setF] = useState({
    ...textsOf(initial),
    audience: (initial?.audience ?? 'users') as Audience,
    status: initial ? 'draft' : 'draft',
  });
  const [draft, setDraft] = useState<SurveyDraft>(() => (initial ? { sections: initial.sections, questions: initial.questions, attributes: initial.attributes } : STARTER));
  const [audienceAttribute, setAudienceAttribute] = useState(initial?.audienceAttribute ?? { key: '', values: [] as string[] });
  const [saved, setSaved] = useState<{ slug: string; status: string } | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (initial ? api<{ id: number }>(`${base(tenant)}/surveys/${initial.id}`, { method: 'PUT', body }) : api<{ id: number }>(`${base(tenant)}/surveys`, { method: 'POST', body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) }),
  });
  const err = save.error;
  const errors = err instanceof ApiError ? err.errors : [];
  const ml = (ro: string, en: string, hu: string) => ({ ro, ...(en ? { en } : {}), ...(hu ? { hu } : {}) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const clean = cleanDraft(draft);
    const body = {
      slug: f.slug,
      title: ml(f.titleRo, f.titleEn, f.titleHu),
      description: ml(f.descriptionRo, f.descriptionEn, f.descriptionHu),
      audience: f.audience,
      anonymous: f.audience === 'anyone',
      status: f.status,
      ...(f.audience === 'role' ? { audienceRoles: initial?.audienceRoles ?? [] } : {}),
      ...(f.audience === 'attribute' ? { audienceAttribute } : {}),
      sections: clean.sections,
      attributes: clean.attributes,
      questions: clean.questions,
    };
    save.mutate(body, {
      onSuccess: () => {
        setSaved({ slug: f.slug, status: f.status });
        onSaved?.(f.slug, f.status);
        // A draft's address may change: follow it, or the edit page would look for the old one.
        if (initial && f.slug !== initial.slug && f.status === 'draft') void navigate(`/${tenant}/surveys/${f.slug}/edit`, { replace: true });
      },
    });
  };
  const chosen = draft.attributes.find((a) => a.key === audienceAttribute.key);
  const audiences: Audience[] = ['anyone', 'users', 'attribute', ...(initial?.audience === 'role' ? (['role'] as const) : [])];

  return (
    <div className="pb-layout">
      <form onSubmit={submit} noValidate className="pb-form">
        <TextsFields f={f} set={set} error={err} descriptionIn="builder" />
        <fieldset className={`pp-question${fieldError(err, 'anonymous') || fieldError(err, 'audienceRoles') ? ' field--error' : ''}`}>
          <legend>{t('participation.create.audience')}</legend>
          {[fieldError(err, 'anonymous'), fieldError(err, 'audienceRoles')].filter(Boolean).map((m) => (
            <p key={m} className="field__error">
              {m}
            </p>
          ))}
          {audiences.map((a) => (
            <label key={a} className="pp-choice">
              <input type="radio" name="pb-audience" value={a} checked={f.audience === a} onChange={() => setF((x) => ({ ...x, audience: a }))} /> {t(`participation.builder.audience.${a}`)}
            </label>
          ))}
        </fieldset>
        <OncePerPerson survey={{ anonymous: f.audience === 'anyone', audience: f.audience }} signedIn={false} />
        {f.audience === 'attribute' ? (
          <fieldset className={`pp-question${fieldError(err, 'audienceAttribute') || fieldError(err, 'audienceAttribute.key') || fieldError(err, 'audienceAttribute.values') ? ' field--error' : ''}`}>
            <legend>{t('participation.builder.audienceWho')}</legend>
            {[fieldError(err, 'audienceAttribute'), fieldError(err, 'audienceAttribute.key'), fieldError(err, 'audienceAttribute.values')].filter(Boolean).map((m) => (
              <p key={m} className="field__error">
                {m}
              </p>
            ))}
            {draft.attributes.length ? (
              <>
                <div className="field">
                  <label htmlFor="pb-aa-key">{t('participation.builder.audienceAttribute')}</label>
                  <select id="pb-aa-key" value={audienceAttribute.key} onChange={(e) => setAudienceAttribute({ key: e.target.value, values: [] })}>
                    <option value="">{t('participation.builder.choose')}</option>
                    {draft.attributes.map((a, i) => (
                      <option key={a.key} value={a.key}>
                        {a.label.ro || t('participation.builder.attributeN', { n: i + 1 })}
                      </option>
                    ))}
                  </select>
                </div>
                {chosen
                  ? chosen.options.map((o, oi) => (
                      <label key={o.key} className="pp-choice">
                        <input type="checkbox" checked={audienceAttribute.values.includes(o.key)} onChange={(e) => setAudienceAttribute((x) => ({ ...x, values: e.target.checked ? [...x.values, o.key] : x.values.filter((v) => v !== o.key) }))} /> {o.label.ro || t('participation.builder.valueN', { n: oi + 1 })}
                      </label>
                    ))
                  : null}
              </>
            ) : (
              <p>{t('participation.builder.audienceNeedsAttribute')}</p>
            )}
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor="pb-status">{t('participation.builder.whenSaved')}</label>
          <select id="pb-status" value={f.status} onChange={set('status')}>
            <option value="draft">{t('participation.builder.keepDraft')}</option>
            <option value="open">{t('participation.builder.openNow')}</option>
          </select>
        </div>
        <QuestionBuilder value={draft} onChange={setDraft} errors={errors} />
        <FormMessage error={err} success={saved ? (initial ? t('participation.builder.savedEdit') : t('participation.create.done')) : undefined} />
        {saved ? (
          <p>
            <Link to={`/${tenant}/surveys/${saved.slug}`}>{t('participation.create.open')}</Link>
            {saved.status === 'draft' && !initial ? (
              <>
                {' · '}
                <Link to={`/${tenant}/surveys/${saved.slug}/edit`}>{t('participation.builder.keepEditing')}</Link>
              </>
            ) : null}
          </p>
        ) : null}
        <button type="submit" disabled={save.isPending}>
          {initial ? t('participation.builder.saveEdit') : t('participation.create.submit.survey')}
        </button>
      </form>
      <section className="pb-preview-pane" aria-labelledby="pb-preview-h">
        <h2 id="pb-preview-h">{t('participation.builder.preview')}</h2>
        <SurveyPreview draft={draft} />
      </section>
    </div>
  );
}
