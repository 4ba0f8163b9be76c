import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useCan } from '../../../api/auth/useCan';
import { directoryBase, useClaims, useDirectoryWrite, useOrganisation } from '../api/queries';
import { OrganisationEdit } from './OrganisationEdit';
import { FollowButton } from '../../notifications';

/** An organisation: details, members (with consent), joining, claims of open actions; staff verify and decide claims. */
export function OrganisationPage() {
  const { tenant = '', id = '' } = useParams();
  const { t } = useTranslation();
  const decideClaims = useCan(tenant)('directory.decideClaims');
  const org = useOrganisation(tenant, id);
  const claims = useClaims(tenant, { organisation: id });
  const verify = useDirectoryWrite<{ body: unknown }>('PUT', () => `${directoryBase(tenant)}/organisations/${id}/verification`);
  const join = useDirectoryWrite<{ body: unknown }>('POST', () => `${directoryBase(tenant)}/organisations/${id}/members`);
  const claim = useDirectoryWrite<{ body: unknown }>('POST', () => `${directoryBase(tenant)}/organisations/${id}/claims`);
  const decide = useDirectoryWrite<{ claim: number; body: unknown }>('PUT', (b) => `${directoryBase(tenant)}/claims/${b.claim}/decision`);
  const [code, setCode] = useState('');
  const [plan, setPlan] = useState('');
  const [sent, setSent] = useState(false);
  if (org.isLoading) return <Loading />;
  if (!org.data) return <LoadError onRetry={() => void org.refetch()} />;
  const o = org.data;
  const submitClaim = async (e: FormEvent) => {
    e.preventDefault();
    if (await claim.mutateAsync({ body: { projectCode: code.trim(), plan: plan.trim() } }).then(() => true, () => false)) setSent(true);
  };
  return (
    <>
      <h1>{pick(o.name)}</h1>
      <FollowButton tenant={tenant} kind="directory.organisation" id={String(o.id)} title={pick(o.name)} />
      {o.logoUrl ? <img className="dir-logo" src={o.logoUrl} alt={t('directory.orgs.logoOf', { name: pick(o.name) })} /> : null}
      <p>
        {t(`directory.kinds.${o.kind}`)} · {t(`directory.helix.${o.helix}`)} · {o.verified ? t('directory.orgs.verified') : <strong>{t('directory.orgs.unverified')}</strong>}
      </p>
      <dl className="dir-facts">
        {o.cui ? (<><dt>{t('directory.orgs.cui')}</dt><dd>{o.cui}</dd></>) : null}
        {o.ngoRegistryNumber ? (<><dt>{t('directory.orgs.ngoNumber')}</dt><dd>{o.ngoRegistryNumber}</dd></>) : null}
        {o.domains.length ? (<><dt>{t('directory.orgs.domains')}</dt><dd>{o.domains.join(', ')}</dd></>) : null}
        {o.website ? (<><dt>{t('directory.orgs.website')}</dt><dd><a href={o.website} rel="noopener noreferrer">{o.website}</a></dd></>) : null}
        {o.contact?.email ? (<><dt>{t('directory.orgs.contact')}</dt><dd>{o.contact.email}</dd></>) : null}
      </dl>
      <p>
        <a href={`${directoryBase(tenant)}/organisations/${o.id}/calendar.ics`}>{t('directory.calendar.subscribe')}</a>
      </p>
      {o.abilities.verify ? (
        <p>
          <button className="button" type="button" onClick={() => verify.mutate({ body: { verified: !o.verified } })}>
            {o.verified ? t('directory.orgs.unverify') : t('directory.orgs.verify')}
          </button>
        </p>
      ) : null}
      {o.abilities.edit ? <OrganisationEdit tenant={tenant} org={o} /> : null}
      <h2>{t('directory.orgs.members')}</h2>
      {o.members.length ? (
        <ul>
          {o.members.map((m, i) => (
            <li key={m.userId ?? i}>
              {m.name} ({t(`directory.roles.${m.role}`)}){m.status === 'requested' ? ` – ${t('directory.requested')}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('directory.orgs.noPublicMembers')}</p>
      )}
      {o.abilities.join ? (
        <button className="button" type="button" onClick={() => join.mutate({ body: { public: false } })}>
          {t('directory.orgs.join')}
        </button>
      ) : null}
      <h2>{t('directory.claims.title')}</h2>
      <ul className="dir-claims">
        {claims.data?.items.map((c) => (
          <li key={c.id}>
            <Link to={`/${tenant}/projects/${encodeURIComponent(c.projectCode)}`}>{c.projectCode}</Link> {c.projectTitle ? pick(c.projectTitle) : ''} — {t(`directory.claims.status.${c.status}`)}
            <p>{c.plan}</p>
            {decideClaims && c.status === 'proposed' ? (
              <span className="dir-actions">
                <button className="button button--primary" type="button" onClick={() => decide.mutate({ claim: c.id, body: { status: 'accepted' } })}>
                  {t('directory.claims.accept')}
                </button>
                <button className="button" type="button" onClick={() => decide.mutate({ claim: c.id, body: { status: 'declined' } })}>
                  {t('directory.claims.decline')}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {o.abilities.claim ? (
        <form onSubmit={submitClaim} noValidate aria-labelledby="claim-title">
          <h3 id="claim-title">{t('directory.claims.propose')}</h3>
          <FormMessage error={claim.error} success={sent ? t('directory.claims.sent') : undefined} />
          <Field label={t('directory.claims.code')} hint={t('directory.claims.codeHint')} name="projectCode" required value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(claim.error, 'projectCode')} />
          <div className="field">
            <label htmlFor="claim-plan">{t('directory.claims.plan')}</label>
            <textarea id="claim-plan" required rows={4} value={plan} onChange={(e) => setPlan(e.target.value)} aria-invalid={fieldError(claim.error, 'plan') ? true : undefined} />
          </div>
          <button className="button button--primary" type="submit" disabled={claim.isPending}>
            {t('directory.claims.submit')}
          </button>
        </form>
      ) : null}
    </>
  );
}
