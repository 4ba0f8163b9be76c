/**
 * The account page's notification settings: per kind of notification, which channels (inbox, e-mail, push,
 * SMS) and how often e-mail comes; push on this device; the phone number for SMS, verified by a code.
 * A list of fieldsets (not a table), so it reads on a 360 px phone.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { Field } from '../../../components/Field';
import { Loading } from '../../../components/Status';
import { currentSubscription, disablePush, enablePush, pushSupported } from '../api/push';
import { usePhone, usePreferences, useSavePreferences, useSetPhone, useVerifyPhone } from '../api/queries';
import type { EmailFrequency, Preference } from '../api/types';

const FREQUENCIES: EmailFrequency[] = ['immediate', 'daily', 'weekly', 'off'];
const CHANNELS = ['inbox', 'email', 'push', 'sms'] as const;

export function NotificationSettings({ tenants }: { tenants: string[] }) {
  const { t } = useTranslation();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const label = (kind: string) => t(`notifications.prefs.kinds.${kind.replace(/\./g, '_')}`, { defaultValue: kind });
  // What the person just chose shows at once (a checkbox that stays as it was until the server answers reads as
  // broken, and a second click on it would undo the first); a refused change goes back to what is stored.
  const [chosen, setChosen] = useState<Record<string, Partial<Preference>>>({});
  const change = (p: Preference, patch: Partial<Preference>) => {
    setChosen((c) => ({ ...c, [p.kind]: { ...c[p.kind], ...patch } }));
    save.mutate([{ kind: p.kind, ...patch }], { onError: () => setChosen((c) => ({ ...c, [p.kind]: {} })) });
  };

  return (
    <section aria-labelledby="prefs-h" className="panel">
      <h2 id="prefs-h">{t('notifications.prefs.title')}</h2>
      <p>{t('notifications.prefs.intro')}</p>
      <PushDevice />
      <PhoneNumber tenants={tenants} />
      <FormMessage error={save.error} success={save.isSuccess ? t('notifications.prefs.saved') : undefined} />
      {prefs.isPending ? <Loading /> : null}
      <div className="prefs">
        {prefs.data?.map((stored) => ({ ...stored, ...chosen[stored.kind] })).map((p) => (
          <fieldset key={p.kind} className="prefs__kind">
            <legend>{label(p.kind)}</legend>
            <div className="prefs__channels">
              {CHANNELS.map((c) => (
                <label key={c} className="prefs__check">
                  <input type="checkbox" checked={p[c]} onChange={(e) => change(p, { [c]: e.target.checked })} /> {t(`notifications.prefs.channel.${c}`)}
                </label>
              ))}
              <label className="prefs__freq">
                {t('notifications.prefs.frequency')}{' '}
                <select value={p.emailFrequency} disabled={!p.email} onChange={(e) => change(p, { emailFrequency: e.target.value as EmailFrequency })}>
                  {FREQUENCIES.map((f) => (
                    <option key={f} value={f}>
                      {t(`notifications.prefs.freq.${f}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </fieldset>
        ))}
      </div>
    </section>
  );
}

function PushDevice() {
  const { t } = useTranslation();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    void currentSubscription().then((s) => setOn(!!s));
  }, []);
  if (!pushSupported()) return <p className="meta">{t('notifications.prefs.pushUnsupported')}</p>;
  const toggle = async () => {
    setError(false);
    try {
      if (on) await disablePush();
      else await enablePush();
      setOn(!on);
    } catch {
      setError(true);
    }
  };
  return (
    <div className="prefs__device">
      <button type="button" className="button" onClick={() => void toggle()} disabled={on === null}>
        {on ? t('notifications.prefs.pushOff') : t('notifications.prefs.pushOn')}
      </button>
      {error ? <p role="alert" className="notice notice--error">{t('notifications.prefs.pushDenied')}</p> : null}
    </div>
  );
}

function PhoneNumber({ tenants }: { tenants: string[] }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const set = useSetPhone();
  const verify = useVerifyPhone();
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const tenant = tenants[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tenant) set.mutate({ tenant, phone: number });
  };
  const check = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate(code);
  };
  return (
    <div className="prefs__phone">
      <h3>{t('notifications.prefs.phoneTitle')}</h3>
      {phone.data?.phone ? (
        <p>
          {phone.data.phone} — {phone.data.verified ? t('notifications.prefs.phoneVerified') : t('notifications.prefs.phoneUnverified')}
        </p>
      ) : null}
      {tenant ? (
        <form onSubmit={submit} noValidate>
          <FormMessage error={set.error} />
          <Field label={t('notifications.prefs.phone')} name="phone" type="tel" autoComplete="tel" value={number} onChange={(e) => setNumber(e.target.value)} error={fieldError(set.error, 'phone')} hint={t('notifications.prefs.phoneHint')} />
          <button type="submit" className="button" disabled={set.isPending}>
            {t('notifications.prefs.phoneSend')}
          </button>
        </form>
      ) : null}
      {phone.data?.phone && !phone.data.verified ? (
        <form onSubmit={check} noValidate>
          <FormMessage error={verify.error} />
          <Field label={t('notifications.prefs.code')} name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(verify.error, 'code')} />
          <button type="submit" className="button" disabled={verify.isPending}>
            {t('notifications.prefs.verify')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
