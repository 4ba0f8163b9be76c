import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { FormMessage } from '../components/FormMessage';

export function VerifyPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [state, setState] = useState<'pending' | 'ok' | 'error'>('pending');
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const token = params.get('token') ?? '';
    api('/api/v1/auth/verify', { method: 'POST', body: { token } }).then(
      () => setState('ok'),
      () => setState('error'),
    );
  }, [params]);
  return (
    <div className="narrow">
      <h1>{t('auth.verifyTitle')}</h1>
      {state === 'pending' ? <p role="status">{t('auth.verifying')}</p> : null}
      {state === 'ok' ? <FormMessage success={t('auth.verified')} /> : null}
      {state === 'error' ? (
        <div className="notice notice--error" role="alert">
          {t('auth.invalidLink')}
        </div>
      ) : null}
    </div>
  );
}
