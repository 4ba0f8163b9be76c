import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { LIMITS } from '../../../src/shared/limits';
import { api } from '../api/client';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';

export function ResetPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [value, setValue] = useState('');
  const request = useMutation({ mutationFn: (email: string) => api('/api/v1/auth/reset', { method: 'POST', body: { email } }) });
  const confirm = useMutation({ mutationFn: (password: string) => api('/api/v1/auth/reset/confirm', { method: 'POST', body: { token, password } }) });
  const m = token ? confirm : request;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate(value);
  };
  return (
    <div className="narrow">
      <h1>{t('auth.resetTitle')}</h1>
      {!token ? <p>{t('auth.resetIntro')}</p> : null}
      <FormMessage error={m.error} success={m.isSuccess ? (token ? t('auth.passwordChanged') : t('auth.resetSent')) : undefined} />
      {m.isSuccess && token ? (
        <p>
          <Link to="/signin">{t('nav.signIn')}</Link>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          {token ? (
            <Field label={t('auth.newPassword')} hint={t('auth.passwordHint', { min: LIMITS.passwordMinLength })} type="password" autoComplete="new-password" required value={value} onChange={(e) => setValue(e.target.value)} error={fieldError(m.error, 'password')} />
          ) : (
            <Field label={t('auth.email')} type="email" autoComplete="email" required value={value} onChange={(e) => setValue(e.target.value)} error={fieldError(m.error, 'email')} />
          )}
          <button type="submit" className="button button--primary" disabled={m.isPending}>
            {token ? t('auth.setPassword') : t('auth.resetButton')}
          </button>
        </form>
      )}
    </div>
  );
}
