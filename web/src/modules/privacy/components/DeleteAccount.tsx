import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { setCsrfToken } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { useDeleteAccount } from '../api/queries';

/** The account page's "Delete account": a second step asks for the e-mail address and the password, then signs out. */
export function DeleteAccount({ email }: { email: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const del = useDeleteAccount();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim().toLowerCase() !== email.toLowerCase()) return setMismatch(true);
    setMismatch(false);
    del.mutate(password, {
      onSuccess: async () => {
        // The server ended the session and cleared its cookie.
        setCsrfToken(null);
        await qc.invalidateQueries();
        void navigate('/signin', { replace: true, state: { deleted: true } });
      },
    });
  };

  return (
    <section aria-labelledby="delete-h" className="panel">
      <h2 id="delete-h">{t('privacy.deleteTitle')}</h2>
      <p>{t('privacy.deleteIntro')}</p>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('privacy.deleteStart')}
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('privacy.deleteConfirmIntro')}</p>
          <FormMessage error={del.error} />
          <Field label={t('privacy.deleteEmail')} type="email" name="confirmEmail" autoComplete="off" required value={typed} onChange={(e) => setTyped(e.target.value)} error={mismatch ? t('privacy.deleteEmailMismatch') : undefined} />
          <Field label={t('privacy.deletePassword')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(del.error, 'password')} />
          <button type="submit" className="button button--danger" disabled={del.isPending}>
            {t('privacy.deleteConfirm')}
          </button>{' '}
          <button type="button" className="button" onClick={() => setOpen(false)}>
            {t('privacy.deleteCancel')}
          </button>
        </form>
      )}
    </section>
  );
}
