import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { directoryBase, useDirectoryWrite, useGroup, useGroups, useMeetings } from '../api/queries';
import { when } from './format';
import { FollowButton } from '../../notifications';

export function GroupsPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const groups = useGroups(tenant);
  return (
    <>
      <h1>{t('directory.groups.title')}</h1>
      <p>{t('directory.groups.intro')}</p>
      <ul className="card-grid">
        {groups.data?.items.map((g) => (
          <li key={g.id} className="card">
            <h2 className="dir-card-title">
              <Link to={`/${tenant}/groups/${g.slug}`}>{pick(g.name)}</Link>
            </h2>
            <p>
              {t(`directory.groupKinds.${g.kind}`)} · {t('directory.groups.members', { count: g.memberCount })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A group: purpose, members, join request, meetings, its calendar feed; coordinators schedule meetings. */
export function GroupPage() {
  const { tenant = '', slug = '' } = useParams();
  const { t } = useTranslation();
  const group = useGroup(tenant, slug);
  const meetings = useMeetings(tenant, slug);
  const join = useDirectoryWrite<{ body: unknown }>('POST', () => `${directoryBase(tenant)}/groups/${slug}/members`);
  const schedule = useDirectoryWrite<{ body: unknown }>('POST', () => `${directoryBase(tenant)}/groups/${slug}/meetings`);
  const [m, setM] = useState({ title: '', date: '', start: '18:00', end: '20:00', address: '', online: '', capacity: '' });
  const [done, setDone] = useState(false);
  if (group.isLoading) return <Loading />;
  if (!group.data) return <LoadError onRetry={() => void group.refetch()} />;
  const g = group.data;
  const feed = `${directoryBase(tenant)}/groups/${g.slug}/calendar.ics`;
  const set = (k: keyof typeof m) => (e: { target: { value: string } }) => setM({ ...m, [k]: e.target.value });
  const local = (d: string, h: string) => {
    // the city's offset on that day (EET/EEST), so the time typed is the time in Timișoara
    const probe = new Date(`${d}T12:00:00Z`);
    const off = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Bucharest', timeZoneName: 'longOffset' }).formatToParts(probe).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+02:00';
    return `${d}T${h}:00${off}`;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const body = { title: { ro: m.title }, startsAt: local(m.date, m.start), endsAt: local(m.date, m.end), ...(m.address ? { address: m.address } : {}), ...(m.online ? { onlineUrl: m.online } : {}), ...(m.capacity ? { capacity: Number(m.capacity) } : {}) };
    if (await schedule.mutateAsync({ body }).then(() => true, () => false)) setDone(true);
  };
  return (
    <>
      <h1>{pick(g.name)}</h1>
      <FollowButton tenant={tenant} kind="directory.group" id={g.slug} title={pick(g.name)} />
      <p>{t(`directory.groupKinds.${g.kind}`)}</p>
      <p>{pick(g.purpose)}</p>
      <p className="dir-actions">
        <a className="button" href={feed}>
          {t('directory.calendar.subscribe')}
        </a>
        <a className="button" href={`webcal://${location.host}${feed}`}>
          {t('directory.calendar.webcal')}
        </a>
      </p>
      {g.abilities.join ? (
        <button className="button button--primary" type="button" onClick={() => join.mutate({ body: { public: false } })}>
          {t('directory.groups.join')}
        </button>
      ) : g.myMembership ? (
        <p role="status">{t(`directory.groups.my.${g.myMembership.status}`)}</p>
      ) : null}
      <FormMessage error={join.error} />
      <h2>{t('directory.groups.membersTitle')}</h2>
      <ul>
        {g.members.map((x) => (
          <li key={x.id}>
            {x.name} – {t(`directory.positions.${x.position}`)}
            {x.status === 'requested' ? ` (${t('directory.requested')})` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('directory.meetings.title')}</h2>
      <ul>
        {meetings.data?.items.map((x) => (
          <li key={x.id}>
            <Link to={`/${tenant}/groups/${g.slug}/meetings/${x.id}`}>{pick(x.title)}</Link> — {when(x.startsAt, x.timeZone)}
            {x.status === 'cancelled' ? ` (${t('directory.cancelled')})` : ''}
          </li>
        ))}
      </ul>
      {g.abilities.scheduleMeeting ? (
        <form onSubmit={submit} noValidate aria-labelledby="schedule-title">
          <h3 id="schedule-title">{t('directory.meetings.schedule')}</h3>
          <FormMessage error={schedule.error} success={done ? t('directory.meetings.scheduled') : undefined} />
          <Field label={t('directory.meetings.name')} name="title" required value={m.title} onChange={set('title')} error={fieldError(schedule.error, 'title.ro')} />
          <Field label={t('directory.meetings.date')} name="date" type="date" required value={m.date} onChange={set('date')} />
          <Field label={t('directory.meetings.start')} name="start" type="time" required value={m.start} onChange={set('start')} />
          <Field label={t('directory.meetings.end')} name="end" type="time" required value={m.end} onChange={set('end')} error={fieldError(schedule.error, 'endsAt')} />
          <Field label={t('directory.meetings.address')} name="address" value={m.address} onChange={set('address')} error={fieldError(schedule.error, 'address')} />
          <Field label={t('directory.meetings.online')} name="online" type="url" value={m.online} onChange={set('online')} error={fieldError(schedule.error, 'onlineUrl')} />
          <Field label={t('directory.meetings.capacity')} name="capacity" type="number" min={1} value={m.capacity} onChange={set('capacity')} />
          <button className="button button--primary" type="submit" disabled={schedule.isPending}>
            {t('directory.meetings.scheduleButton')}
          </button>
        </form>
      ) : null}
    </>
  );
}
