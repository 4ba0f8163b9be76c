import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { useMe } from '../../../api/auth/useMe';
import { pick } from '../../../i18n';
import { Select } from './parts';
import { directoryBase, useDirectoryWrite, useOrganisations, type Organisation } from '../api/queries';

const KINDS = ['startup', 'sme', 'corporation', 'university', 'research_institute', 'ngo', 'association', 'foundation', 'federation', 'incubator_accelerator', 'tech_park', 'cluster', 'investor', 'media', 'public_service_operator', 'public_institution', 'informal_group'];
const HELIX = ['public_administration', 'business', 'academia_research', 'civil_society'];
const LEGAL_FORMS = ['asociatie', 'fundatie', 'federatie', 'srl', 'sa', 'pfa', 'institutie_publica', 'regie_autonoma', 'other'];

/** The directory of organisations; with "NGOs only" it is the public NGO register, with CSV/JSON downloads. */
export function OrganisationsPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [kind, setKind] = useState('');
  const [ngo, setNgo] = useState(false);
  const [verified, setVerified] = useState(false);
  const list = useOrganisations(tenant, { kind: kind || undefined, ngo: ngo ? 'true' : undefined, verified: verified ? 'true' : undefined });
  return (
    <>
      <h1>{t('directory.orgs.title')}</h1>
      <p>{t('directory.orgs.intro')}</p>
      {me.data?.authenticated ? (
        <p>
          <Link className="button button--primary" to={`/${tenant}/organisations/new`}>
            {t('directory.orgs.register')}
          </Link>
        </p>
      ) : null}
      <form className="dir-filters" aria-label={t('directory.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select label={t('directory.orgs.kind')} value={kind} onChange={setKind} empty={t('directory.all')} options={KINDS.map((k) => ({ value: k, label: t(`directory.kinds.${k}`) }))} />
        <label>
          <input type="checkbox" checked={ngo} onChange={(e) => setNgo(e.target.checked)} /> {t('directory.orgs.ngoOnly')}
        </label>
        <label>
          <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} /> {t('directory.orgs.verifiedOnly')}
        </label>
      </form>
      <p>
        {t('directory.orgs.download')} <a href={`${directoryBase(tenant)}/ngo-register.csv`}>CSV</a> · <a href={`${directoryBase(tenant)}/ngo-register.json`}>JSON</a>
      </p>
      <h2>{t('directory.orgs.count', { count: list.data?.total ?? 0 })}</h2>
      <ul className="card-grid">
        {list.data?.items.map((o) => (
          <li key={o.id} className="card">
            <h3>
              <Link to={`/${tenant}/organisations/${o.id}`}>{pick(o.name)}</Link>
            </h3>
            <p>
              {t(`directory.kinds.${o.kind}`)} · {o.verified ? t('directory.orgs.verified') : <strong>{t('directory.orgs.unverified')}</strong>}
            </p>
            {o.domains.length ? <p>{o.domains.join(', ')}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function RegisterOrganisationPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const write = useDirectoryWrite<{ body: unknown }, Organisation>('POST', () => `${directoryBase(tenant)}/organisations`);
  const [form, setForm] = useState({ name: '', kind: 'startup', helix: 'business', cui: '', website: '', domains: '', ngoRegistryNumber: '', legalForm: '', address: '', contactEmail: '' });
  const [publicUtility, setPublicUtility] = useState(false);
  const [contactPublic, setContactPublic] = useState(false);
  const ngoKind = ['ngo', 'association', 'foundation', 'federation'].includes(form.kind);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const choose = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const o = await write.mutateAsync({ body: { name: { ro: form.name }, kind: form.kind, helix: form.helix, ...(form.cui ? { cui: form.cui } : {}), ...(form.website ? { website: form.website } : {}), domains: form.domains.split(',').map((d) => d.trim()).filter((d) => d.length >= 2), ...(ngoKind && form.ngoRegistryNumber ? { ngoRegistryNumber: form.ngoRegistryNumber } : {}), ...(form.legalForm ? { legalForm: form.legalForm } : {}), ...(ngoKind ? { publicUtility } : {}), ...(form.address ? { address: form.address } : {}), ...(form.contactEmail ? { contactEmail: form.contactEmail, contactPublic } : {}) } }).catch(() => undefined);
    if (o) navigate(`/${tenant}/organisations/${o.id}`);
  };
  return (
    <>
      <h1>{t('directory.orgs.register')}</h1>
      <FormMessage error={write.error} />
      <form onSubmit={submit} noValidate>
        <Field label={t('directory.orgs.name')} name="name" required value={form.name} onChange={set('name')} error={fieldError(write.error, 'name.ro') ?? fieldError(write.error, 'name')} />
        <Select label={t('directory.orgs.kind')} value={form.kind} onChange={choose('kind')} options={KINDS.map((k) => ({ value: k, label: t(`directory.kinds.${k}`) }))} />
        <Select label={t('directory.orgs.helix')} value={form.helix} onChange={choose('helix')} options={HELIX.map((k) => ({ value: k, label: t(`directory.helix.${k}`) }))} />
        <Field label={t('directory.orgs.cui')} hint={t('directory.orgs.cuiHint')} name="cui" value={form.cui} onChange={set('cui')} error={fieldError(write.error, 'cui')} />
        <Select label={t('directory.orgs.legalForm')} value={form.legalForm} onChange={choose('legalForm')} empty="—" options={LEGAL_FORMS.map((k) => ({ value: k, label: t(`directory.legalForms.${k}`) }))} />
        {ngoKind ? (
          <>
            <Field label={t('directory.orgs.ngoNumber')} name="ngoRegistryNumber" value={form.ngoRegistryNumber} onChange={set('ngoRegistryNumber')} error={fieldError(write.error, 'ngoRegistryNumber')} />
            <label className="dir-check">
              <input type="checkbox" checked={publicUtility} onChange={(e) => setPublicUtility(e.target.checked)} /> {t('directory.orgs.publicUtility')}
            </label>
          </>
        ) : null}
        <Field label={t('directory.orgs.address')} name="address" value={form.address} onChange={set('address')} error={fieldError(write.error, 'address')} />
        <Field label={t('directory.orgs.contactEmail')} name="contactEmail" type="email" value={form.contactEmail} onChange={set('contactEmail')} error={fieldError(write.error, 'contactEmail')} />
        <label className="dir-check">
          <input type="checkbox" checked={contactPublic} onChange={(e) => setContactPublic(e.target.checked)} /> {t('directory.orgs.contactPublic')}
        </label>
        <Field label={t('directory.orgs.website')} name="website" type="url" value={form.website} onChange={set('website')} error={fieldError(write.error, 'website')} />
        <Field label={t('directory.orgs.domains')} hint={t('directory.orgs.domainsHint')} name="domains" value={form.domains} onChange={set('domains')} />
        <button className="button button--primary" type="submit" disabled={write.isPending}>
          {t('directory.orgs.submit')}
        </button>
      </form>
    </>
  );
}
