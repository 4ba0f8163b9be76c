import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LIMITS } from '../../../src/shared/limits';
import { useRegister } from '../api/auth/useRegister';
import { useTenants } from '../api/tenants/useTenants';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';
import { pick } from '../i18n';

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const register = useRegister();
  const tenants = useTenants();
  const navigate = useNavigate();
  const cityId = useId();
  const [form, setForm] = useState({ email: '', password: '', displayName: '', tenant: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate(
      { email: form.email, password: form.password, displayName: form.displayName, locale: i18n.language, ...(form.tenant ? { tenant: form.tenant } : {}) },
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
