import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LIMITS } from '../../../src/shared/limits';
import { useRegister } from '../api/auth/useRegister';
import { useTenants } from '../api/tenants/useTenants';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';
import { pick } from '../i18n';
import { useNotices } from '../modules/privacy';

const OPTIONAL = ['public_name', 'email_digests', 'sms'] as const;

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const register = useRegister();
  const tenants = useTenants();
  const navigate = useNavigate();
  const cityId = useId();
  const [form, setForm] = useState({ email: '', password: '', displayName: '', tenant: '' });
  const notices = useNotices(i18n.language);
  const [accept, setAccept] = useState({ acceptTerms: false, acceptPrivacy: false });
  const [optional, setOptional] = useState<(typeof OPTIONAL)[number][]>([]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate(
      { email: form.email, password: form.password, displayName: form.displayName, locale: i18n.language, ...(form.tenant ? { tenant: form.tenant } : {}), ...accept, optionalConsents: optional },
      { onSuccess: () => void navigate('/signin', { state: { registered: true, email: form.email } }) },
    );
  };

  return (
    <div className="narrow">
      <h1>{t('auth.signUpTitle')}</h1>
      <FormMessage error={register.error} />
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} name="displayName" autoComplete="nickname" required maxLength={LIMITS.displayNameMaxLength} value={form.displayName} onChange={set('displayName')} error={fieldError(register.error, 'displayName')} />
        <Field label={t('auth.email')} type="email" name="email" autoComplete="email" required value={form.email} onChange={set('email')} error={fieldError(register.error, 'email')} />
        <Field label={t('auth.password')} hint={t('auth.passwordHint', { min: LIMITS.passwordMinLength })} type="password" name="password" autoComplete="new-password" required minLength={LIMITS.passwordMinLength} value={form.password} onChange={set('password')} error={fieldError(register.error, 'password')} />
        <div className="field">
          <label htmlFor={cityId}>{t('auth.city')}</label>
          <select id={cityId} name="tenant" value={form.tenant} onChange={set('tenant')}>
            <option value="">{t('auth.noCity')}</option>
            {tenants.data?.map((tn) => (
              <option key={tn.slug} value={tn.slug}>
                {pick(tn.name, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        {(['terms', 'privacy'] as const).map((kind) => {
          const key = kind === 'terms' ? 'acceptTerms' : 'acceptPrivacy';
          const text = notices.data?.items.find((n) => n.kind === kind)?.text;
          const error = fieldError(register.error, key);
          return (
            <div key={kind} className={`field${error ? ' field--error' : ''}`}>
              {text ? (
                <details>
                  <summary>{t('privacy.readNotice', { what: t(kind === 'terms' ? 'privacy.noticeTerms' : 'privacy.noticePrivacy') })}</summary>
                  <p>{text}</p>
                </details>
              ) : null}
              {error ? (
                <p className="field__error" id={`${key}-error`}>
                  {error}
                </p>
              ) : null}
              <label className="check">
                <input type="checkbox" name={key} required checked={accept[key]} aria-invalid={error ? true : undefined} aria-describedby={error ? `${key}-error` : undefined} onChange={(e) => setAccept({ ...accept, [key]: e.target.checked })} /> {t(`privacy.${key}`)}
              </label>
            </div>
          );
        })}
        <fieldset className="checks">
          <legend>{t('privacy.optional')}</legend>
          {OPTIONAL.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" name={kind} checked={optional.includes(kind)} onChange={(e) => setOptional(e.target.checked ? [...optional, kind] : optional.filter((k) => k !== kind))} /> {t(`privacy.consent_${kind}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={register.isPending}>
          {t('auth.signUpButton')}
        </button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/signin">{t('nav.signIn')}</Link>
      </p>
    </div>
  );
}
