import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../api/client';
import { useMe } from '../api/auth/useMe';
import { useNotifications } from '../api/auth/useNotifications';
import { useUpdateProfile } from '../api/auth/useUpdateProfile';
import { useTenants } from '../api/tenants/useTenants';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';
import { Loading } from '../components/Status';
import { pick } from '../i18n';
import { DeleteAccount, YourData } from '../modules/privacy';
import { InboxList, NotificationSettings } from '../modules/notifications';

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const tenants = useTenants();
  const update = useUpdateProfile();
  const inbox = useNotifications(!!me.data?.authenticated);
  const [name, setName] = useState<string | undefined>(undefined);
  const [resent, setResent] = useState(false);

  if (me.isPending) return <Loading />;
  if (!me.data?.authenticated || !me.data.user) return <Navigate to="/signin" replace state={{ from: '/account' }} />;
  const user = me.data.user;
  const tenantName = (slug: string) => {
    const tn = tenants.data?.find((x) => x.slug === slug);
    return tn ? pick(tn.name, i18n.language) : slug;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ displayName: name ?? user.displayName });
  };

  return (
    <>
      <h1>{t('account.title')}</h1>
      <section aria-labelledby="profile-h" className="panel">
        <h2 id="profile-h">{t('account.profile')}</h2>
        <p>
          <strong>{t('auth.email')}:</strong> {user.email}
        </p>
        {user.emailVerified ? (
          <p className="badge badge--ok">{t('account.emailVerified')}</p>
        ) : (
          <div className="notice">
            <p>{t('account.emailNotVerified')}</p>
            {resent ? (
              <p role="status">{t('account.resent')}</p>
            ) : (
              <button type="button" className="button" onClick={() => void api('/api/v1/auth/verify/resend', { method: 'POST' }).then(() => setResent(true))}>
                {t('account.resend')}
              </button>
            )}
          </div>
        )}
        <FormMessage error={update.error} success={update.isSuccess ? t('account.saved') : undefined} />
        <form onSubmit={submit} noValidate>
          <Field label={t('auth.displayName')} name="displayName" required value={name ?? user.displayName} onChange={(e) => setName(e.target.value)} error={fieldError(update.error, 'displayName')} />
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {t('account.save')}
          </button>
        </form>
      </section>
      <section aria-labelledby="roles-h" className="panel">
        <h2 id="roles-h">{t('account.roles')}</h2>
        {me.data.memberships.length === 0 ? (
          <p>{t('account.noRoles')}</p>
        ) : (
          <ul>
            {me.data.memberships.map((m) => (
              <li key={m.tenant}>
                <strong>{tenantName(m.tenant)}:</strong> {m.roles.map((r) => t(`roles.${r}`)).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <NotificationSettings tenants={me.data.memberships.map((m) => m.tenant)} />
      <section aria-labelledby="inbox-h" className="panel">
        <h2 id="inbox-h">
          {t('account.notifications')}
          {inbox.data?.unread ? <span className="count"> ({inbox.data.unread} {t('account.unread')})</span> : null}
        </h2>
        {inbox.isPending ? <Loading /> : null}
        {inbox.data ? <InboxList inbox={inbox.data} headingLevel={3} /> : null}
        <p>
          <Link to="/inbox">{t('notifications.inbox.title')}</Link>
        </p>
      </section>
      <YourData />
      <DeleteAccount email={user.email} />
    </>
  );
}
