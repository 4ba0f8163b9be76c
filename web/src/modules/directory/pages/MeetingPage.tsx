import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { directoryBase, useDirectoryWrite, useMeeting } from '../api/queries';
import { when } from './format';
import { AddToCalendar } from './parts';
import { MeetingDocuments } from './MeetingDocuments';

/** A meeting: time, place or link, agenda, registration, "add to calendar"; coordinators write and approve the minutes. */
export function MeetingPage() {
  const { tenant = '', slug = '', id = '' } = useParams();
  const { t } = useTranslation();
  const meeting = useMeeting(tenant, slug, id);
  const path = `${directoryBase(tenant)}/groups/${slug}/meetings/${id}`;
  const register = useDirectoryWrite('POST', () => `${path}/registrations`);
  const write = useDirectoryWrite<{ body: unknown }>('POST', () => `${path}/minutes`);
  const approve = useDirectoryWrite('POST', () => `${path}/minutes/approve`);
  const [text, setText] = useState<string | null>(null);
  if (meeting.isLoading) return <Loading />;
  if (!meeting.data) return <LoadError onRetry={() => void meeting.refetch()} />;
  const m = meeting.data;
  const draft = text ?? m.minutes?.body.ro ?? '';
  const save = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ body: { body: { ro: draft } } });
  };
  return (
    <>
      <p>
        <Link to={`/${tenant}/groups/${slug}`}>{t('directory.meetings.backToGroup')}</Link>
      </p>
      <h1>{pick(m.title)}</h1>
      {m.status === 'cancelled' ? <p className="notice notice--error">{t('directory.cancelled')}</p> : null}
      <dl className="dir-facts">
        <dt>{t('directory.meetings.when')}</dt>
        <dd>
          {when(m.startsAt, m.timeZone)} – {when(m.endsAt, m.timeZone)} ({m.timeZone})
        </dd>
        {m.address ? (<><dt>{t('directory.meetings.address')}</dt><dd>{m.address}</dd></>) : null}
        {m.onlineUrl ? (<><dt>{t('directory.meetings.online')}</dt><dd><a href={m.onlineUrl} rel="noopener noreferrer">{m.onlineUrl}</a></dd></>) : null}
        <dt>{t('directory.meetings.registered')}</dt>
        <dd>
          {m.registered}
          {m.capacity ? ` / ${m.capacity}` : ''}
        </dd>
      </dl>
      {m.agenda.length ? (
        <>
          <h2>{t('directory.meetings.agenda')}</h2>
          <ol>
            {m.agenda.map((a, i) => (
              <li key={i}>{pick(a)}</li>
            ))}
          </ol>
        </>
      ) : null}
      <MeetingDocuments tenant={tenant} slug={slug} id={id} meeting={m} />
      <AddToCalendar links={m.links} />
      {m.myRegistration ? <p role="status">{t('directory.meetings.youAreRegistered')}</p> : null}
      {m.abilities.register ? (
        <button className="button button--primary" type="button" onClick={() => register.mutate({})}>
          {t('directory.meetings.register')}
        </button>
      ) : null}
      <FormMessage error={register.error} />
      <h2>{t('directory.minutes.title')}</h2>
      {m.minutes ? (
        <div className="dir-minutes">
          <p>
            {t(`directory.minutes.state.${m.minutes.state}`)} · v{m.minutes.version}
          </p>
          <p className="dir-pre">{pick(m.minutes.body)}</p>
          {m.minutes.attendance.length ? <p>{t('directory.minutes.attendance', { names: m.minutes.attendance.join(', ') })}</p> : null}
        </div>
      ) : (
        <p>{t('directory.minutes.none')}</p>
      )}
      {m.decisions.length ? (
        <>
          <h3>{t('directory.minutes.decisions')}</h3>
          <ul>
            {m.decisions.map((d) => (
              <li key={d.id}>
                {pick(d.text)} ({d.method === 'vote' ? `${d.votesFor}/${d.votesAgainst}/${d.votesAbstain}` : t('directory.minutes.consensus')})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {m.versions.length > 1 ? <p>{t('directory.minutes.versions', { list: m.versions.map((v) => `v${v.version}`).join(', ') })}</p> : null}
      {m.abilities.writeMinutes ? (
        <form onSubmit={save} aria-labelledby="minutes-form">
          <h3 id="minutes-form">{t('directory.minutes.write')}</h3>
          <FormMessage error={write.error} />
          <div className="field">
            <label htmlFor="minutes-body">{t('directory.minutes.body')}</label>
            <textarea id="minutes-body" rows={6} value={draft} onChange={(e) => setText(e.target.value)} />
          </div>
          <button className="button" type="submit" disabled={write.isPending}>
            {t('directory.minutes.save')}
          </button>
        </form>
      ) : null}
      {m.abilities.approveMinutes ? (
        <p>
          <button className="button button--primary" type="button" onClick={() => approve.mutate({})}>
            {t('directory.minutes.approve')}
          </button>
        </p>
      ) : null}
    </>
  );
}
