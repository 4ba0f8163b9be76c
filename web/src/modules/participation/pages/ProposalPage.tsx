import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { useAnswerProposal, useConvertProposal, useProposal, useSupport } from '../api/hooks';
import { useEditProposalPlace } from '../api/budgetProjects';
import { useFlagProposal } from '../api/moderation';
import { EditPlace } from '../components/EditPlace';
import { Comments } from '../components/Comments';
import { Gallery, PictureManager } from '../components/Pictures';
import { PlacesMap } from '../components/Place';
import { Ml } from '../../../components/Ml';
import { FollowButton } from '../../notifications';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

function ProposalPlace({ tenant, id, lat, lon }: { tenant: string; id: number; lat: number | null; lon: number | null }) {
  const edit = useEditProposalPlace(tenant, id);
  return <EditPlace key={`${lat},${lon}`} tenant={tenant} idPrefix="pp-edit" lat={lat} lon={lon} mutation={edit} />;
}

function StaffAnswer({ tenant, id }: { tenant: string; id: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState('accepted');
  const [text, setText] = useState('');
  const answer = useAnswerProposal(tenant, id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    answer.mutate({ state, answer: { ro: text } });
  };
  return (
    <form onSubmit={submit} aria-labelledby="pp-answer">
      <h2 id="pp-answer">{t('participation.proposal.answerTitle')}</h2>
      <FormMessage error={answer.error} success={answer.isSuccess ? t('participation.proposal.answered') : undefined} />
      <div className="field">
        <label htmlFor="pp-state">{t('participation.proposal.state')}</label>
        <select id="pp-state" value={state} onChange={(e) => setState(e.target.value)}>
          {['evaluating', 'accepted', 'rejected'].map((s) => (
            <option key={s} value={s}>
              {t(`participation.state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="pp-answer-text">{t('participation.proposal.answerText')}</label>
        <textarea id="pp-answer-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} required />
      </div>
      <button type="submit" disabled={answer.isPending || !text.trim()}>
        {t('participation.proposal.publishAnswer')}
      </button>
    </form>
  );
}

const CATEGORIES = ['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research'] as const;

/** Staff: an accepted proposal becomes a strategy project, or an open action of the category they choose. */
function StaffConvert({ tenant, id }: { tenant: string; id: number }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'open_action' | 'project'>('open_action');
  const [code, setCode] = useState(`OA-P${id}`);
  const [parent, setParent] = useState('A1');
  const [category, setCategory] = useState('');
  const convert = useConvertProposal(tenant, id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    convert.mutate({ kind, code, parent, ...(kind === 'open_action' && category ? { category } : {}) });
  };
  const err = convert.error;
  return (
    <form onSubmit={submit} aria-labelledby="pp-convert" noValidate>
      <h2 id="pp-convert">{t('participation.proposal.convertTitle')}</h2>
      <FormMessage error={err} />
      <fieldset>
        <legend>{t('participation.proposal.kind')}</legend>
        {(['open_action', 'project'] as const).map((k) => (
          <label key={k} className="pp-choice">
            <input type="radio" name="pp-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`participation.proposal.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      {kind === 'open_action' ? (
        <div className={`field${fieldError(err, 'category') ? ' field--error' : ''}`}>
          <label htmlFor="pp-category">{t('participation.proposal.categoryLabel')}</label>
          {fieldError(err, 'category') ? (
            <p className="field__error" id="pp-category-error">
              {fieldError(err, 'category')}
            </p>
          ) : null}
          <select id="pp-category" value={category} onChange={(e) => setCategory(e.target.value)} required aria-invalid={fieldError(err, 'category') ? true : undefined} aria-describedby={fieldError(err, 'category') ? 'pp-category-error' : undefined}>
            <option value="">—</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`participation.proposal.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field label={t('participation.proposal.code')} required value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(err, 'code')} />
      <Field label={t('participation.proposal.parent')} required value={parent} onChange={(e) => setParent(e.target.value)} error={fieldError(err, 'parent')} />
      <button type="submit" disabled={convert.isPending}>
        {t(`participation.proposal.convertTo.${kind}`)}
      </button>
    </form>
  );
}

/** "Report": a signed-in person tells the moderators why this proposal should not be here (once). */
function ReportProposal({ tenant, id }: { tenant: string; id: number }) {
  const { t } = useTranslation();
  const flag = useFlagProposal(tenant, id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (flag.isSuccess)
    return (
      <p className="notice" role="status">
        {t('participation.proposal.reported')}
      </p>
    );
  if (!open)
    return (
      <p>
        <button type="button" className="link-button" onClick={() => setOpen(true)}>
          {t('participation.proposal.report')}
        </button>
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    flag.mutate(reason);
  };
  return (
    <form onSubmit={submit} className="panel" noValidate>
      <Field label={t('participation.proposal.reportLabel')} hint={t('participation.proposal.reportHint')} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError(flag.error, 'reason')} maxLength={TEXT_LIMITS.moderationReason} />
      <FormMessage error={flag.error} />
      <button type="submit" disabled={flag.isPending}>
        {t('participation.proposal.reportSend')}
      </button>{' '}
      <button type="button" className="link-button" onClick={() => setOpen(false)}>
        {t('participation.comments.cancel')}
      </button>
    </form>
  );
}

export function ProposalPage() {
  const { t } = useTranslation();
  const { tenant, id } = useParams();
  const p = useProposal(tenant, id);
  const [search] = useSearchParams();
  const support = useSupport(tenant ?? '', Number(id));
  if (p.isPending) return <Loading />;
  if (p.isError) return <LoadError onRetry={() => void p.refetch()} />;
  const d = p.data;
  return (
    <>
      <h1>{d.title}</h1>
      <FollowButton tenant={tenant ?? ''} kind="participation.proposal" id={String(d.id)} title={d.title} />
      <p className="pp-state">
        {t('participation.proposal.stateIs')} <strong>{t(`participation.state.${d.state}`)}</strong> · <span aria-live="polite">{t('participation.proposals.supports', { count: d.supports })}</span>
      </p>
      <p className="pp-body">{d.body}</p>
      {d.lat !== null && d.lon !== null ? (
        <section aria-labelledby="pp-where">
          <h2 id="pp-where">{t('participation.place.where')}</h2>
          <PlacesMap tenant={tenant!} label={t('participation.place.mapOf', { title: d.title })} points={[{ id: String(d.id), lat: d.lat, lon: d.lon, label: d.title }]} />
        </section>
      ) : null}
      {d.abilities.edit ? (
        <>
          {search.get('pictures') === 'failed' ? (
            <p className="notice notice--error" role="alert">
              {t('participation.pictures.failed')}
            </p>
          ) : null}
          <PictureManager tenant={tenant!} path={`proposals/${d.id}/images`} images={d.images} alt={d.title} />
          <ProposalPlace tenant={tenant!} id={d.id} lat={d.lat} lon={d.lon} />
        </>
      ) : (
        <Gallery images={d.images} alt={d.title} />
      )}
      {d.abilities.support ? (
        <button type="button" onClick={() => support.mutate()} disabled={support.isPending}>
          {t('participation.proposal.support')}
        </button>
      ) : d.supported ? (
        <p className="notice notice--success" role="status">
          {t('participation.proposal.supported')}
        </p>
      ) : null}
      <FormMessage error={support.error} />
      {d.answer ? (
        <section aria-labelledby="pp-official" className="pp-official">
          <h2 id="pp-official">{t('participation.proposal.official')}</h2>
          <p><Ml text={d.answer} /></p>
        </section>
      ) : null}
      {d.strategyCode ? (
        <p className="notice">
          {t('participation.proposal.becameAction')} <Link to={`/${tenant}/projects/${encodeURIComponent(d.strategyCode)}`}>{d.strategyCode}</Link>
        </p>
      ) : null}
      {d.abilities.answer ? <StaffAnswer tenant={tenant!} id={d.id} /> : null}
      {d.abilities.convert ? <StaffConvert tenant={tenant!} id={d.id} /> : null}
      {d.abilities.flag ? <ReportProposal tenant={tenant!} id={d.id} /> : null}
      <Comments tenant={tenant!} on={`proposal:${d.id}`} />
      <p>
        <Link to={`/${tenant}/proposals`}>{t('participation.proposal.back')}</Link>
      </p>
    </>
  );
}
