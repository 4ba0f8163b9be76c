import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useAnswerProposal, useConvertProposal, useProposal, useSupport } from '../api/hooks';
import { useEditProposalPlace } from '../api/budgetProjects';
import { EditPlace } from '../components/EditPlace';
import { Comments } from '../components/Comments';
import { Gallery, PictureManager } from '../components/Pictures';
import { PlacesMap } from '../components/Place';

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

function StaffConvert({ tenant, id }: { tenant: string; id: number }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(`OA-P${id}`);
  const [parent, setParent] = useState('A1');
  const convert = useConvertProposal(tenant, id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    convert.mutate({ kind: 'open_action', code, parent, category: 'incentives_events' });
  };
  return (
    <form onSubmit={submit} aria-labelledby="pp-convert">
      <h2 id="pp-convert">{t('participation.proposal.convertTitle')}</h2>
      <FormMessage error={convert.error} />
      <div className="field">
        <label htmlFor="pp-code">{t('participation.proposal.code')}</label>
        <input id="pp-code" value={code} onChange={(e) => setCode(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="pp-parent">{t('participation.proposal.parent')}</label>
        <input id="pp-parent" value={parent} onChange={(e) => setParent(e.target.value)} required />
      </div>
      <button type="submit" disabled={convert.isPending}>
        {t('participation.proposal.convert')}
      </button>
    </form>
  );
}

export function ProposalPage() {
  const { t, i18n } = useTranslation();
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
          <p>{pick(d.answer, i18n.language)}</p>
        </section>
      ) : null}
      {d.strategyCode ? (
        <p className="notice">
          {t('participation.proposal.becameAction')} <Link to={`/${tenant}/projects/${encodeURIComponent(d.strategyCode)}`}>{d.strategyCode}</Link>
        </p>
      ) : null}
      {d.abilities.answer ? <StaffAnswer tenant={tenant!} id={d.id} /> : null}
      {d.abilities.convert ? <StaffConvert tenant={tenant!} id={d.id} /> : null}
      <Comments tenant={tenant!} on={`proposal:${d.id}`} />
      <p>
        <Link to={`/${tenant}/proposals`}>{t('participation.proposal.back')}</Link>
      </p>
    </>
  );
}
