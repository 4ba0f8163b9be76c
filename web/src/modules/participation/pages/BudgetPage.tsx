import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useBallot, useBudgetProjects, useCheckout, useSaveBallot } from '../api/hooks';
import type { Budget } from '../api/types';

export function money(n: number, currency: string, lng: string) {
  return new Intl.NumberFormat(lng === 'ro' ? 'ro-RO' : lng === 'hu' ? 'hu-HU' : 'en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
}

export function RuleText({ b }: { b: Budget }) {
  const { t, i18n } = useTranslation();
  const total = money(b.total, b.currency, i18n.language);
  if (b.votingRule === 'threshold_percent') return <p>{t('participation.budget.ruleThreshold', { total, percent: b.thresholdPercent })}</p>;
  if (b.votingRule === 'minimum_projects') return <p>{t('participation.budget.ruleMinimum', { total, count: b.minProjects })}</p>;
  return <p>{t('participation.budget.ruleSelect', { min: b.minProjects, max: b.maxProjects })}</p>;
}

export function BudgetPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id } = useParams();
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const data = useBudgetProjects(tenant, id);
  const ballot = useBallot(tenant, id, signedIn);
  const save = useSaveBallot(tenant ?? '', id ?? '');
  const checkout = useCheckout(tenant ?? '', id ?? '');
  const [age, setAge] = useState('');
  if (data.isPending) return <Loading />;
  if (data.isError) return <LoadError onRetry={() => void data.refetch()} />;
  const { budget: b, items } = data.data;
  const chosen = ballot.data?.projectIds ?? [];
  const final = !!ballot.data?.checkedOutAt;
  const count = b.votingRule === 'selected_projects';
  const total = ballot.data?.total ?? 0;
  const ageLimited = b.eligibility.minAge !== undefined || b.eligibility.maxAge !== undefined;
  const toggle = (pid: number, on: boolean) => save.mutate({ projectIds: on ? [...chosen, pid] : chosen.filter((x) => x !== pid), age: ageLimited && age ? Number(age) : undefined });

  return (
    <>
      <h1>{pick(b.title, lng)}</h1>
      <p>{pick(b.description, lng)}</p>
      <RuleText b={b} />
      <p>
        <Link to={`/${tenant}/budgets/${b.slug}/results`}>{t('participation.budget.seeResults')}</Link>
      </p>
      {!signedIn ? (
        <p className="notice">
          {t('participation.signInFirst')} <Link to={`/signin?next=${encodeURIComponent(`/${tenant}/budgets/${b.slug}`)}`}>{t('participation.signIn')}</Link>
        </p>
      ) : b.status !== 'voting' ? (
        <p className="notice">{t('participation.budget.closed')}</p>
      ) : (
        <>
          <div className="pp-running" aria-live="polite">
            <p className="pp-running__text">
              {count ? t('participation.budget.runningCount', { count: chosen.length, max: b.maxProjects }) : t('participation.budget.runningTotal', { total: money(total, b.currency, lng), budget: money(b.total, b.currency, lng) })}
            </p>
            {count ? (
              <ProgressBar value={b.maxProjects ? (chosen.length / b.maxProjects) * 100 : null} label={t('participation.budget.runningCount', { count: chosen.length, max: b.maxProjects })} />
            ) : (
              <ProgressBar value={(total / b.total) * 100} tone={total > b.total ? 'bad' : 'neutral'} label={t('participation.budget.runningTotal', { total: money(total, b.currency, lng), budget: money(b.total, b.currency, lng) })} />
            )}
          </div>
          {ageLimited ? (
            <div className="field">
              <label htmlFor="pp-age">{t('participation.budget.age', { min: b.eligibility.minAge ?? 0, max: b.eligibility.maxAge ?? 120 })}</label>
              <input id="pp-age" type="number" inputMode="numeric" min={0} max={120} value={age} disabled={final} onChange={(e) => setAge(e.target.value)} />
            </div>
          ) : null}
          <FormMessage error={save.error ?? checkout.error} />
          {final ? (
            <div className="notice notice--success" role="status">
              {t('participation.budget.final')}
            </div>
          ) : null}
          <fieldset className="pp-projects">
            <legend>{t('participation.budget.choose')}</legend>
            <ul className="pp-list">
              {items.map((p) => (
                <li key={p.id} className="pp-card">
                  <label className="pp-choice">
                    <input type="checkbox" checked={chosen.includes(p.id)} disabled={final || save.isPending || !ballot.data} onChange={(e) => toggle(p.id, e.target.checked)} /> <strong>{pick(p.title, lng)}</strong> — {money(p.cost, b.currency, lng)}
                  </label>
                  {pick(p.description, lng) ? <p>{pick(p.description, lng)}</p> : null}
                </li>
              ))}
            </ul>
          </fieldset>
          {!final ? (
            <>
              {ballot.data?.problems.length ? (
                <ul className="pp-problems">
                  {ballot.data.problems.map((p) => (
                    <li key={p.code ?? p.message}>{t(`participation.budget.problem.${p.code ?? 'other'}`, { defaultValue: p.message })}</li>
                  ))}
                </ul>
              ) : null}
              <button type="button" disabled={!ballot.data?.canCheckout || checkout.isPending} onClick={() => checkout.mutate()}>
                {t('participation.budget.cast')}
              </button>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
