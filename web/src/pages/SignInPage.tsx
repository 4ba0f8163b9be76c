import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useLogin } from '../api/auth/useLogin';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';
import i18n, { LOCALES, type Locale } from '../i18n';

/**
 * Where to go after signing in: the page that sent the person here (router state `from`, or `?next=` in
 * links written as plain URLs), only ever a path of this site, else the account page.
 */
function returnTo(state: unknown, search: string): string {
  const target = (state as { from?: string } | null)?.from ?? new URLSearchParams(search).get('next');
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/account';
}

export function SignInPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const registered = (location.state as { registered?: boolean } | null)?.registered;
  const deleted = (location.state as { deleted?: boolean } | null)?.deleted;
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { email, password },
      {
        onSuccess: (me) => {
          const locale = me.user?.locale;
          if (locale && (LOCALES as readonly string[]).includes(locale) && locale !== i18n.language) void i18n.changeLanguage(locale as Locale);
          void navigate(returnTo(location.state, location.search));
        },
      },
    );
  };

  return (
    <div className="narrow">
      <h1>{t('auth.signInTitle')}</h1>
      {registered ? <FormMessage success={t('auth.registered')} /> : null}
      {deleted ? <FormMessage success={t('privacy.deleted')} /> : null}
      <FormMessage error={login.error} />
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.email')} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(login.error, 'email')} />
        <Field label={t('auth.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(login.error, 'password')} />
        <button type="submit" className="button button--primary" disabled={login.isPending}>
          {t('auth.signInButton')}
        </button>
      </form>
      <p>
        <Link to="/reset">{t('auth.forgot')}</Link>
      </p>
      <p>
        {t('auth.noAccount')} <Link to="/signup">{t('nav.signUp')}</Link>
      </p>
    </div>
  );
}
