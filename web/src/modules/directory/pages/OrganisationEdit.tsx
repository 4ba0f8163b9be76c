import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { pick } from '../../../i18n';
import { useStrategyTree } from '../../strategy';
import { directoryBase, type OrganisationDetail, useDirectoryUpload, useDirectoryWrite } from '../api/queries';

/**
 * For the organisation's admins and staff: the logo (any picture; the server checks it by content and
 * re-encodes it) and the strategy's ambitions and objectives the organisation works on.
 */
export function OrganisationEdit({ tenant, org }: { tenant: string; org: OrganisationDetail }) {
  const { t } = useTranslation();
  const tree = useStrategyTree(tenant);
  const logo = useDirectoryUpload('PUT', `${directoryBase(tenant)}/organisations/${org.id}/logo`, 'logo');
  const save = useDirectoryWrite<{ body: unknown }>('PATCH', () => `${directoryBase(tenant)}/organisations/${org.id}`);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [logoSent, setLogoSent] = useState(false);
  const [codesSent, setCodesSent] = useState(false);
  const chosen = codes ?? org.strategyCodes;
  const toggle = (code: string, on: boolean) => {
    setCodesSent(false);
    setCodes(on ? [...chosen, code] : chosen.filter((c) => c !== code));
  };
  const submitLogo = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('logo');
    if (!(file instanceof File) || !file.size) return;
    setLogoSent(await logo.mutateAsync({ file }).then(() => true, () => false));
  };
  const submitCodes = async (e: FormEvent) => {
    e.preventDefault();
    setCodesSent(await save.mutateAsync({ body: { strategyCodes: chosen } }).then(() => true, () => false));
  };
  return (
    <section aria-labelledby="org-edit">
      <h2 id="org-edit">{t('directory.orgs.edit')}</h2>
      <form onSubmit={submitLogo} encType="multipart/form-data" aria-labelledby="org-logo">
        <h3 id="org-logo">{t('directory.orgs.logo')}</h3>
        <FormMessage error={logo.error} success={logoSent ? t('directory.orgs.logoSaved') : undefined} />
        <div className={`field${fieldError(logo.error, 'logo') ? ' field--error' : ''}`}>
          <label htmlFor="org-logo-file">{t('directory.orgs.logoFile')}</label>
          <p className="field__hint" id="org-logo-hint">
            {t('directory.orgs.logoHint')}
          </p>
          <input id="org-logo-file" name="logo" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/heif" aria-describedby="org-logo-hint" required onChange={() => setLogoSent(false)} />
        </div>
        <button className="button" type="submit" disabled={logo.isPending}>
          {t('directory.orgs.logoUpload')}
        </button>
      </form>
      {tree.data?.pillars.length ? (
        <form onSubmit={submitCodes} aria-labelledby="org-codes">
          <h3 id="org-codes">{t('directory.orgs.strategyCodes')}</h3>
          <FormMessage error={save.error} success={codesSent ? t('directory.orgs.saved') : undefined} />
          {tree.data.pillars.map((p) => (
            <fieldset key={p.code} className="dir-codes">
              <legend>
                <label>
                  <input type="checkbox" checked={chosen.includes(p.code)} onChange={(e) => toggle(p.code, e.target.checked)} /> {p.code} {pick(p.title)}
                </label>
              </legend>
              {p.children.map((c) => (
                <label key={c.code} className="dir-code-option">
                  <input type="checkbox" checked={chosen.includes(c.code)} onChange={(e) => toggle(c.code, e.target.checked)} /> {c.code} {pick(c.title)}
                </label>
              ))}
            </fieldset>
          ))}
          <button className="button button--primary" type="submit" disabled={save.isPending}>
            {t('directory.orgs.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
