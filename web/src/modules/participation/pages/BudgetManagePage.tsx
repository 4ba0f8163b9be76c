import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { PROJECT_STATES, type ProjectStep, useAddProject, useBudgetStatus, useBudgetWorkflow, useProjectStep } from '../api/budgetProjects';
import type { Budget, BudgetProject } from '../api/types';
import { noPlace, PlacePicker, placeNumbers, type PlaceValue } from '../components/Place';
import { money } from './BudgetPage';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** The actions staff may take on a project in its current state (the server refuses steps out of order). */
function ProjectActions({ tenant, b, p }: { tenant: string; b: Budget; p: BudgetProject }) {
  const { t, i18n } = useTranslation();
  const step = useProjectStep(tenant, b.slug);
  const [reason, setReason] = useState('');
  const [cost, setCost] = useState(String(p.cost));
  const [note, setNote] = useState(p.costNote ?? '');
  const go = (s: ProjectStep) => step.mutate({ project: p.id, step: s });
  const id = `pp-p${p.id}`;
  const title = pick(p.title, i18n.language);
  const frozen = b.status === 'closed' || (b.status === 'voting' && p.review === 'ready');
  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    go({ to: 'ineligible', reason });
  };
  const submitCost = (e: FormEvent) => {
    e.preventDefault();
    go({ to: 'costed', cost: Number(cost), note });
  };
  if (frozen) return <p>{t('participation.bp.frozen')}</p>;
  return (
    <div className="pp-actions">
      <FormMessage error={step.error} />
      {p.review === 'proposed' || p.review === 'ineligible' ? (
        <button type="button" disabled={step.isPending} onClick={() => go({ to: 'eligible' })} aria-label={t('participation.bp.markEligibleFor', { title })}>
          {t('participation.bp.markEligible')}
        </button>
      ) : null}
      {p.review === 'eligible' || p.review === 'costed' ? (
        <form onSubmit={submitCost} aria-label={t('participation.bp.costingFor', { title })}>
          <Field id={`${id}-cost`} label={t('participation.bp.costField', { currency: b.currency })} inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} required error={fieldError(step.error, 'cost')} />
          <div className={`field${fieldError(step.error, 'note') ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-note`}>{t('participation.bp.noteField')}</label>
            {fieldError(step.error, 'note') ? <p className="field__error">{fieldError(step.error, 'note')}</p> : null}
            <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} required />
          </div>
          <button type="submit" disabled={step.isPending}>
            {t('participation.bp.saveCost')}
          </button>
        </form>
      ) : null}
      {p.review === 'costed' ? (
        <button type="button" disabled={step.isPending} onClick={() => go({ to: 'ready' })} aria-label={t('participation.bp.markReadyFor', { title })}>
          {t('participation.bp.markReady')}
        </button>
      ) : null}
      {p.review === 'proposed' || p.review === 'eligible' || p.review === 'costed' ? (
        <form onSubmit={submitReason} aria-label={t('participation.bp.rejectFor', { title })}>
          <div className={`field${fieldError(step.error, 'reason') ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-reason`}>{t('participation.bp.reasonField')}</label>
            <p className="field__hint" id={`${id}-reason-hint`}>
              {t('participation.bp.reasonHint')}
            </p>
            {fieldError(step.error, 'reason') ? <p className="field__error">{fieldError(step.error, 'reason')}</p> : null}
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${id}-reason-hint`} />
          </div>
          <button type="submit" disabled={step.isPending || reason.trim().length < 5}>
            {t('participation.bp.markIneligible')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function AddProject({ tenant, b }: { tenant: string; b: Budget }) {
  const { t } = useTranslation();
  const add = useAddProject(tenant, b.slug);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [cost, setCost] = useState('');
  const [proposal, setProposal] = useState('');
  const [place, setPlace] = useState<PlaceValue>(noPlace);
  const err = add.error instanceof ApiError ? add.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const point = placeNumbers(place);
    add.mutate(
      { code, title: { ro: title }, ...(description.trim() ? { description: { ro: description } } : {}), cost: Number(cost), ...(point ?? {}), ...(proposal.trim() ? { proposalId: Number(proposal) } : {}) },
      {
        onSuccess: () => {
          setCode('');
          setTitle('');
          setDescription('');
          setCost('');
          setProposal('');
          setPlace(noPlace);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby="pp-add-project">
      <h2 id="pp-add-project">{t('participation.bp.addTitle')}</h2>
      <FormMessage error={add.error} success={add.isSuccess ? t('participation.bp.added') : undefined} />
      <Field id="pp-add-code" label={t('participation.bp.codeField')} hint={t('participation.bp.codeHint')} value={code} onChange={(e) => setCode(e.target.value)} required maxLength={TEXT_LIMITS.budgetProjectCode} error={err?.fieldMessage('code')} />
      <Field id="pp-add-title" label={t('participation.bp.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} required error={err?.fieldMessage('title.ro')} />
      <div className="field">
        <label htmlFor="pp-add-description">{t('participation.bp.descriptionField')}</label>
        <textarea id="pp-add-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <Field id="pp-add-cost" label={t('participation.bp.proposedCostField', { currency: b.currency })} inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} required error={err?.fieldMessage('cost')} />
      <Field id="pp-add-proposal" label={t('participation.bp.proposalField')} hint={t('participation.bp.proposalHint')} inputMode="numeric" value={proposal} onChange={(e) => setProposal(e.target.value)} error={err?.fieldMessage('proposalId')} />
      <PlacePicker tenant={tenant} idPrefix="pp-add" value={place} onChange={setPlace} errors={{ lat: err?.fieldMessage('lat'), lon: err?.fieldMessage('lon') }} />
      <button type="submit" disabled={add.isPending}>
        {t('participation.bp.add')}
      </button>
    </form>
  );
}

/** Staff: a budget's projects by state, with the next step for each; the budget's status. */
export function BudgetManagePage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id } = useParams();
  const q = useBudgetWorkflow(tenant, id);
  const status = useBudgetStatus(tenant ?? '', id ?? '');
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError onRetry={() => void q.refetch()} />;
  const { budget: b, items } = q.data;
  const ready = items.filter((p) => p.review === 'ready').length;
  return (
    <>
      <h1>{t('participation.bp.manageTitle', { title: pick(b.title, lng) })}</h1>
      <p>
        <Link to={`/${tenant}/budgets/${b.slug}`}>{t('participation.bp.publicPage')}</Link>
      </p>
      <section aria-labelledby="pp-status">
        <h2 id="pp-status">{t('participation.bp.statusTitle')}</h2>
        <p>
          {t('participation.bp.statusIs')} <strong>{t(`participation.bp.budgetStatus.${b.status}`)}</strong> · {t('participation.bp.readyCount', { count: ready })}
        </p>
        <FormMessage error={status.error} />
        <div className="pb-buttons">
          {b.status === 'draft' ? (
            <button type="button" disabled={status.isPending} onClick={() => status.mutate('preparing')}>
              {t('participation.bp.toPreparing')}
            </button>
          ) : null}
          {b.status === 'draft' || b.status === 'preparing' ? (
            <button type="button" disabled={status.isPending || ready === 0} onClick={() => status.mutate('voting')}>
              {t('participation.bp.toVoting')}
            </button>
          ) : null}
          {b.status === 'voting' ? (
            <button type="button" disabled={status.isPending} onClick={() => status.mutate('closed')}>
              {t('participation.bp.toClosed')}
            </button>
          ) : null}
        </div>
      </section>
      {PROJECT_STATES.map((s) => {
        const list = items.filter((p) => p.review === s);
        return (
          <section key={s} aria-labelledby={`pp-state-${s}`} className="pp-state-group">
            <h2 id={`pp-state-${s}`}>
              {t(`participation.bp.state.${s}`)} ({list.length})
            </h2>
            <p className="field__hint">{t(`participation.bp.stateHelp.${s}`)}</p>
            {list.length ? (
              <ul className="pp-list">
                {list.map((p) => (
                  <li key={p.id} className="pp-card">
                    <h3>
                      <Link to={`/${tenant}/budgets/${b.slug}/projects/${p.id}`}>
                        {p.code} · {pick(p.title, lng)}
                      </Link>
                    </h3>
                    <p>
                      {money(p.cost, b.currency, lng)}
                      {p.proposedCost !== null && p.proposedCost !== p.cost ? ` (${t('participation.bp.proposedWas', { cost: money(p.proposedCost, b.currency, lng) })})` : ''}
                      {p.lat !== null ? ` · ${t('participation.bp.hasPlace')}` : ''}
                    </p>
                    {p.reviewReason ? <p>{t('participation.bp.reason', { reason: p.reviewReason })}</p> : null}
                    {p.costNote ? <p>{t('participation.bp.noteShown', { note: p.costNote })}</p> : null}
                    <ProjectActions tenant={tenant!} b={b} p={p} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('participation.bp.noneInState')}</p>
            )}
          </section>
        );
      })}
      {b.status !== 'closed' ? <AddProject tenant={tenant!} b={b} /> : null}
    </>
  );
}
