import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiText, type ApiGet } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { base, participationKeys } from '../api/hooks';

type Imported = { id: number; slug: string; projects: number; ballots: number; placesDropped: number; notes: string[] };

/** Staff: import a pabulib .pb file (POST /budgets/import) as a closed budget with its projects and ballots. */
export function PabulibImport({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState('');
  const [missing, setMissing] = useState(false);
  const run = useMutation({
    mutationFn: async () => apiText<Imported>(`${base(tenant)}/budgets/import${slug.trim() ? `?slug=${encodeURIComponent(slug.trim())}` : ''}`, await file!.text()),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!file);
    if (file) run.mutate();
  };
  const done = run.data;
  return (
    <section className="panel" aria-labelledby="pb-import">
      <h2 id="pb-import">{t('participation.staffTools.importTitle')}</h2>
      <p>{t('participation.staffTools.importIntro')}</p>
      <form onSubmit={submit} noValidate>
        <div className={`field${missing ? ' field--error' : ''}`}>
          <label htmlFor={fileId}>{t('participation.staffTools.file')}</label>
          {missing ? (
            <p className="field__error" id={`${fileId}-error`}>
              {t('participation.staffTools.fileMissing')}
            </p>
          ) : null}
          <input id={fileId} type="file" accept=".pb,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-invalid={missing ? true : undefined} aria-describedby={missing ? `${fileId}-error` : undefined} />
        </div>
        <Field label={t('participation.staffTools.slug')} hint={t('participation.staffTools.slugHint')} value={slug} onChange={(e) => setSlug(e.target.value)} error={fieldError(run.error, 'querystring.slug') ?? fieldError(run.error, 'slug')} />
        <FormMessage error={run.error} success={done ? t('participation.staffTools.imported', { projects: done.projects, ballots: done.ballots }) : undefined} />
        {done ? (
          <>
            {done.placesDropped ? <p>{t('participation.staffTools.placesDropped', { count: done.placesDropped })}</p> : null}
            <p>
              <Link to={`/${tenant}/budgets/${done.slug}/results`}>{t('participation.staffTools.seeImported')}</Link>
            </p>
          </>
        ) : null}
        <button type="submit" disabled={run.isPending}>
          {t('participation.staffTools.import')}
        </button>
      </form>
    </section>
  );
}

type Promoted = ApiGet<'/api/v1/tenants/{tenant}/budgets/{id}/results'>;

/** Staff: turn the winners under the chosen rule into strategy projects, keeping their place and cost. */
export function PromoteWinners({ tenant, budget, rule, winners }: { tenant: string; budget: Promoted['budget']; rule: 'greedy' | 'equal-shares'; winners: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [parent, setParent] = useState('');
  const [prefix, setPrefix] = useState('PB');
  const run = useMutation({
    mutationFn: () => api<{ created: string[] }>(`${base(tenant)}/budgets/${encodeURIComponent(budget.slug)}/promote`, { method: 'POST', body: { rule, parent: parent.trim(), prefix: prefix.trim() } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) }),
  });
  const created = run.data?.created;
  return (
    <section className="panel" aria-labelledby="pb-promote">
      <h2 id="pb-promote">{t('participation.staffTools.promoteTitle')}</h2>
      <p>{t('participation.staffTools.promoteIntro', { count: winners, rule: t(rule === 'greedy' ? 'participation.budget.greedy' : 'participation.budget.equalShares') })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Field label={t('participation.staffTools.parent')} hint={t('participation.staffTools.parentHint')} required value={parent} onChange={(e) => setParent(e.target.value)} error={fieldError(run.error, 'parent')} />
        <Field label={t('participation.staffTools.prefix')} hint={t('participation.staffTools.prefixHint')} required value={prefix} onChange={(e) => setPrefix(e.target.value)} error={fieldError(run.error, 'prefix')} />
        <FormMessage error={run.error} success={created ? (created.length ? t('participation.staffTools.promoted', { list: created.join(', ') }) : t('participation.staffTools.nothingToPromote')) : undefined} />
        {created?.length ? (
          <ul>
            {created.map((c) => (
              <li key={c}>
                <Link to={`/${tenant}/projects/${encodeURIComponent(c).replace(/\./g, '%2E')}`}>{c}</Link>
              </li>
            ))}
          </ul>
        ) : null}
        <button type="submit" disabled={run.isPending || winners === 0}>
          {t('participation.staffTools.promote')}
        </button>
      </form>
    </section>
  );
}
