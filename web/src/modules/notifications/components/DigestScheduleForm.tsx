import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';

interface Schedule {
  hour: number;
  timeZone: string;
  weeklyDay: number;
}

/** The city's e-mail digest hour, time zone and weekly day (its admins; PUT /tenants/{t}/digest-schedule). */
export function DigestScheduleForm({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const url = `/api/v1/tenants/${encodeURIComponent(tenant)}/digest-schedule`;
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['digest-schedule', tenant], queryFn: () => api<Schedule>(url) });
  const save = useMutation({ mutationFn: (body: Schedule) => api<Schedule>(url, { method: 'PUT', body }), onSuccess: (s) => qc.setQueryData(['digest-schedule', tenant], s) });
  const [draft, setDraft] = useState<Schedule | null>(null);
  const hourId = useId();
  const dayId = useId();
  if (!current.data) return null;
  const s = draft ?? current.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(s);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${hourId}-h`}>
      <h3 id={`${hourId}-h`}>{t('notifications.digest.title')}</h3>
      <p className="meta">{t('notifications.digest.intro')}</p>
      <FormMessage error={save.error} success={save.isSuccess ? t('notifications.prefs.saved') : undefined} />
      <div className="field">
        <label htmlFor={hourId}>{t('notifications.digest.hour')}</label>
        <select id={hourId} value={s.hour} onChange={(e) => setDraft({ ...s, hour: Number(e.target.value) })}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>{`${String(h).padStart(2, '0')}:00`}</option>
          ))}
        </select>
      </div>
      <Field label={t('notifications.digest.timeZone')} name="timeZone" value={s.timeZone} onChange={(e) => setDraft({ ...s, timeZone: e.target.value })} error={fieldError(save.error, 'timeZone')} />
      <div className="field">
        <label htmlFor={dayId}>{t('notifications.digest.weeklyDay')}</label>
        <select id={dayId} value={s.weeklyDay} onChange={(e) => setDraft({ ...s, weeklyDay: Number(e.target.value) })}>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <option key={d} value={d}>
              {t(`notifications.digest.days.d${d}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        {t('notifications.digest.save')}
      </button>
    </form>
  );
}
