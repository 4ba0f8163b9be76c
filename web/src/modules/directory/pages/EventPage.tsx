import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api/client';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { directoryBase, useDirectoryWrite, type Multiloc } from '../api/queries';
import { when } from './format';
import { AddToCalendar } from './parts';
import { FeedLink } from '../../notifications';

interface EventDetail {
  id: number;
  kind: string;
  title: Multiloc;
  description: Multiloc | null;
  startsAt: string;
  endsAt: string;
  address: string | null;
  onlineUrl: string | null;
  status: string;
  following: boolean;
  abilities: { follow: boolean };
  links: { ics: string; google: string; outlook: string };
}

export function EventPage() {
  const { tenant = '', id = '' } = useParams();
  const { t } = useTranslation();
  const ev = useQuery({ queryKey: ['directory', tenant, 'event', id], queryFn: () => api<EventDetail>(`${directoryBase(tenant)}/events/${id}`) });
  const follow = useDirectoryWrite<{ body: unknown }>('PUT', () => `${directoryBase(tenant)}/events/${id}/follow`);
  if (ev.isLoading) return <Loading />;
  if (!ev.data) return <LoadError onRetry={() => void ev.refetch()} />;
  const e = ev.data;
  return (
    <>
      <h1>{pick(e.title)}</h1>
      <FeedLink tenant={tenant} kind="directory.event" id={id} title={pick(e.title)} />
      {e.status === 'cancelled' ? <p className="notice notice--error">{t('directory.cancelled')}</p> : null}
      <p>
        {t(`directory.eventKinds.${e.kind}`)} · {when(e.startsAt)} – {when(e.endsAt)}
      </p>
      {e.address ? <p>{e.address}</p> : null}
      {e.onlineUrl ? (
        <p>
          <a href={e.onlineUrl} rel="noopener noreferrer">{e.onlineUrl}</a>
        </p>
      ) : null}
      {e.description ? <p className="dir-pre">{pick(e.description)}</p> : null}
      <AddToCalendar links={e.links}>
        {e.abilities.follow ? (
          <button className="button" type="button" aria-pressed={e.following} onClick={() => follow.mutate({ body: { following: !e.following } })}>
            {e.following ? t('directory.events.unfollow') : t('directory.events.follow')}
          </button>
        ) : null}
      </AddToCalendar>
    </>
  );
}
