import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useCan } from '../../../api/auth/useCan';
import { useTenant } from '../../../api/tenants/useTenants';
import { FormMessage } from '../../../components/FormMessage';
import { ProgressBar } from '../../../components/ProgressBar';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useBallot, useBudgetProjects, useCheckout, useSaveBallot } from '../api/hooks';
import type { Budget, BudgetProject } from '../api/types';
import { PlacesMapWithList } from '../components/Place';
import { Ml } from '../../../components/Ml';
import { FollowButton } from '../../notifications';

/** Who may vote in this budget, in plain words (the server enforces the same rules). */
export function WhoCanVote({ b, tenant }: { b: Budget; tenant: string }) {
  const { t, i18n } = useTranslation();
  const town = useTenant(tenant).data;
  const city = town ? pick(town.name, i18n.language) : tenant;
  const e = b.eligibility;
  return (
    <section aria-labelledby="pp-who" className="pp-who">
      <h2 id="pp-who">{t('participation.bp.whoTitle')}</h2>
      <ul>
        <li>{t('participation.bp.whoSignedIn')}</li>
        {e.verifiedEmail || e.verifiedResident ? <li>{t('participation.bp.whoEmail')}</li> : null}
        {e.verifiedResident ? <li>{t('participation.bp.whoResident', { city })}</li> : null}
        {e.minAge !== undefined || e.maxAge !== undefined ? <li>{t('participation.bp.whoAge', { min: e.minAge ?? 0, max: e.maxAge ?? 120 })}</li> : null}
      </ul>
    </section>
  );
}

/** Projects that are not (or not yet) on the ballot, with where they are in the review. */
function NotOnBallot({ tenant, b, items }: { tenant: string; b: Budget; items: BudgetProject[] }) {
  const { t, i18n } = useTranslation();
  if (!items.length) return null;
  return (
    <section aria-labelledby="pp-not-ballot">
      <h2 id="pp-not-ballot">{b.status === 'preparing' ? t('participation.bp.inReview') : t('participation.bp.notOnBallot')}</h2>
      <ul className="pp-list">
        {items.map((p) => (
          <li key={p.id} className="pp-card">
            <Link to={`/${tenant}/budgets/${b.slug}/projects/${p.id}`}><Ml text={p.title} /></Link>
            <p>
              {t(`participation.bp.state.${p.review}`)} · {money(p.cost, b.currency, i18n.language)}
            </p>
            {p.review === 'ineligible' && p.reviewReason ? <p>{t('participation.bp.reason', { reason: p.reviewReason })}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

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
  const manage = useCan(tenant)('participation.manage');
  const signedIn = !!me.data?.authenticated;
  const data = useBudgetProjects(tenant, id);
  const ballot = useBallot(tenant, id, signedIn);
  const save = useSaveBallot(tenant ?? '', id ?? '');
  const checkout = useCheckout(tenant ?? '', id ?? '');
  const [age, setAge] = useState('');
  if (data.isPending) return <Loading />;
  if (data.isError) return <LoadError onRetry={() => void data.refetch()} />;
  const { budget: b, items: all } = data.data;
  const items = all.filter((p) => p.review === 'ready');
  const others = all.filter((p) => p.review !== 'ready');
  const points = all.filter((p) => p.lat !== null && p.lon !== null && p.review !== 'ineligible').map((p) => ({ id: String(p.id), lat: p.lat!, lon: p.lon!, label: pick(p.title, lng), href: `/${tenant}/budgets/${b.slug}/projects/${p.id}`, color: p.review === 'ready' ? '#0b5394' : '#8a8a8a' }));
  const chosen = ballot.data?.projectIds ?? [];
  const final = !!ballot.data?.checkedOutAt;
  const count = b.votingRule === 'selected_projects';
  const total = ballot.data?.total ?? 0;
  const ageLimited = b.eligibility.minAge !== undefined || b.eligibility.maxAge !== undefined;
  const toggle = (pid: number, on: boolean) => save.mutate({ projectIds: on ? [...chosen, pid] : chosen.filter((x) => x !== pid), age: ageLimited && age ? Number(age) : undefined });

  return (
    <>
      <h1><Ml text={b.title} /></h1>
      <FollowButton tenant={tenant ?? ''} kind="participation.budget" id={String(b.id)} title={pick(b.title, lng)} />
      <p><Ml text={b.description} /></p>
      <RuleText b={b} />
      <WhoCanVote b={b} tenant={tenant ?? ''} />
      <p>
        <Link to={`/${tenant}/budgets/${b.slug}/results`}>{t('participation.budget.seeResults')}</Link>
        {manage ? (
          <>
            {' · '}
            <Link to={`/${tenant}/budgets/${b.slug}/manage`}>{t('participation.bp.manageLink')}</Link>
          </>
        ) : null}
      </p>
      {points.length ? (
        <section aria-labelledby="pp-budget-map" className="pp-budget-map">
          <h2 id="pp-budget-map">{t('participation.bp.mapTitle')}</h2>
          <p>{t('participation.bp.mapHint')}</p>
          <PlacesMapWithList tenant={tenant!} label={t('participation.bp.mapLabel', { title: pick(b.title, lng) })} points={points} height={320} />
        </section>
      ) : null}
      {b.status === 'preparing' ? (
        <p className="notice">{t('participation.bp.preparing')}</p>
      ) : !signedIn ? (
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
                    <input type="checkbox" checked={chosen.includes(p.id)} disabled={final || save.isPending || !ballot.data} onChange={(e) => toggle(p.id, e.target.checked)} /> <strong><Ml text={p.title} /></strong> — {money(p.cost, b.currency, lng)}
                  </label>
                  <Link to={`/${tenant}/budgets/${b.slug}/projects/${p.id}`} aria-label={t('participation.bp.moreAbout', { title: pick(p.title, lng) })}>
                    {t('participation.bp.more')}
                  </Link>
                  {pick(p.description, lng) ? <p><Ml text={p.description} /></p> : null}
                </li>
              ))}
            </ul>
          </fieldset>
          {!final ? (
            <>
              {/* what still keeps the ballot from being cast, once the voter has started choosing (not a red error on arrival) */}
              {ballot.data?.problems.length && chosen.length > 0 ? (
                <ul className="pp-problems">
                  {ballot.data.problems.map((p) => (
                    <li key={p.code ?? p.message}>{t(`participation.budget.problem.${p.code ?? 'other'}`, { defaultValue: p.message })}</li>
                  ))}
                </ul>
              ) : null}
              <button type="button" className="button button--primary" disabled={!ballot.data?.canCheckout || checkout.isPending} onClick={() => checkout.mutate()}>
                {t('participation.budget.cast')}
              </button>
            </>
          ) : null}
        </>
      )}
      <NotOnBallot tenant={tenant!} b={b} items={others} />
    </>
  );
}
