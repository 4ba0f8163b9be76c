import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth/useMe';
import { useLogout } from '../../../api/auth/useLogout';
import { FormMessage } from '../../../components/FormMessage';
import { useConsents, useUpdateConsents } from '../api/queries';

/**
 * Asks a signed-in person to accept a notice whose version changed since they last accepted it: a modal
 * dialog (focus kept inside, Escape does not dismiss it) with the text, "I accept" and "Sign out instead".
 */
export function ConsentGate() {
  const { t } = useTranslation();
  const me = useMe();
  const consents = useConsents(!!me.data?.authenticated);
  const update = useUpdateConsents();
  const logout = useLogout();
  const ref = useRef<HTMLDialogElement>(null);
  const pending = me.data?.authenticated ? (consents.data?.notices.filter((n) => !n.accepted) ?? []) : [];
  const show = pending.length > 0;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (show && !d.open) d.showModal();
    if (!show && d.open) d.close();
  }, [show]);

  return (
    <dialog ref={ref} className="consent-dialog" aria-labelledby="consent-h" onCancel={(e) => e.preventDefault()}>
      {show ? (
        <>
          <h2 id="consent-h">{t('privacy.dialogTitle')}</h2>
          <p>{t('privacy.dialogIntro')}</p>
          {pending.map((n) => (
            <section key={n.kind} aria-labelledby={`consent-${n.kind}`}>
              <h3 id={`consent-${n.kind}`}>
                {t(n.kind === 'terms' ? 'privacy.noticeTerms' : 'privacy.noticePrivacy')} ({t('privacy.version', { version: n.version })})
              </h3>
              <p>{n.text}</p>
            </section>
          ))}
          <FormMessage error={update.error} />
          <p className="consent-dialog__actions">
            <button type="button" className="button button--primary" disabled={update.isPending} onClick={() => update.mutate({ accept: pending.map((n) => ({ kind: n.kind, version: n.version })) })}>
              {t('privacy.dialogAccept')}
            </button>
            <button type="button" className="button" onClick={() => logout.mutate()}>
              {t('privacy.dialogSignOut')}
            </button>
          </p>
        </>
      ) : null}
    </dialog>
  );
}
