import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { formatDate } from '../../strategy';
import { type Maturity, useCreateRound, useMaturity, useMaturityRounds, useSetModel } from '../api/maturity';
import { MaturityMatrix } from '../components/MaturityMatrix';
import { Ml } from '../../../components/Ml';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** The city's public maturity matrix: the latest published round; staff start and continue rounds here. */
export function MaturityPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const maturity = useMaturity(tenant);
  const rounds = useMaturityRounds(tenant);
  const lng = i18n.language;

  if (maturity.isPending) return <Loading />;
  if (maturity.isError) return <LoadError onRetry={() => void maturity.refetch()} />;
  const m = maturity.data;
  const round = m.round;
  return (
    <>
      <h1>{t('monitoring.maturity.title')}</h1>
      <p className="lead">{t('monitoring.maturity.intro')}</p>
      {!m.enabled ? (
        <div className="notice">
          <p>{t('monitoring.maturity.off')}</p>
          <p>{t('monitoring.maturity.offGuide')}</p>
        </div>
      ) : null}
      {m.abilities.manage ? <StaffArea tenant={tenant} m={m} /> : null}
      {m.enabled && !round ? <p>{t('monitoring.maturity.noRound')}</p> : null}
      {round ? (
        <>
          <h2><Ml text={round.name} /></h2>
          <p>
            {round.publishedAt ? t('monitoring.maturity.published', { date: formatDate(round.publishedAt.slice(0, 10), lng) }) : null}
            {round.reconstructed ? <span className="badge mm-badge">{t('monitoring.maturity.reconstructed')}</span> : null}
          </p>
          {round.note ? <p className="notice mm-text"><Ml text={round.note} /></p> : null}
          <MaturityMatrix tenant={tenant} round={round} />
        </>
      ) : null}
      {rounds.data && rounds.data.items.length ? (
        <section aria-labelledby="mm-rounds">
          <h2 id="mm-rounds">{t('monitoring.maturity.rounds')}</h2>
          <p>{t('monitoring.maturity.roundsIntro')}</p>
          <ul className="mm-levels">
            {rounds.data.items.map((r) => (
              <li key={r.id}>
                <Link to={`/${tenant}/maturity/rounds/${r.id}`}><Ml text={r.name} /></Link> —{' '}
                {r.publishedAt ? t('monitoring.maturity.published', { date: formatDate(r.publishedAt.slice(0, 10), lng) }) : t('monitoring.maturity.draft')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function StaffArea({ tenant, m }: { tenant: string; m: Maturity }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateRound(tenant);
  const setModel = useSetModel(tenant);
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: { ro: name.trim() }, ...(m.round ? { copyFrom: 'latest' as const } : {}) }, { onSuccess: (r) => void navigate(`/${tenant}/maturity/rounds/${r.id}`) });
  };
  const nameError = create.error instanceof ApiError ? create.error.errors.find((x) => x.field.startsWith('name'))?.message : undefined;
  return (
    <section aria-labelledby="mm-staff" className="panel">
      <h2 id="mm-staff">{t('monitoring.maturity.staffArea')}</h2>
      <FormMessage error={setModel.error} />
      {!m.enabled ? (
        <p className="mm-actions">
          {tenant !== 'baia-mare' ? (
            <button type="button" className="button button--primary" onClick={() => setModel.mutate({ source: 'adopted', from: 'baia-mare' })} disabled={setModel.isPending}>
              {t('monitoring.maturity.adopt')}
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => setModel.mutate({ source: 'strategy' })} disabled={setModel.isPending}>
            {t('monitoring.maturity.useStrategy')}
          </button>
        </p>
      ) : (
        <>
          {m.draft ? (
            <p>
              <Link className="button button--primary" to={`/${tenant}/maturity/rounds/${m.draft.id}`}>
                {t('monitoring.maturity.continueDraft', { name: pick(m.draft.name, i18n.language) })}
              </Link>
            </p>
          ) : null}
          <form onSubmit={submit} noValidate>
            <h3>{t('monitoring.maturity.startRound')}</h3>
            {m.round ? <p className="field__hint">{t('monitoring.maturity.startFromLatest')}</p> : null}
            <FormMessage error={nameError ? undefined : create.error} />
            <Field label={t('monitoring.maturity.roundName')} hint={t('monitoring.maturity.roundNameHint')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={TEXT_LIMITS.maturityRoundName} error={nameError} />
            <button type="submit" className="button" disabled={create.isPending}>
              {t('monitoring.maturity.create')}
            </button>
          </form>
          <p>
            <button type="button" className="button" onClick={() => setModel.mutate({ source: 'none' })} disabled={setModel.isPending}>
              {t('monitoring.maturity.turnOff')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
