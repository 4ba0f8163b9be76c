import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useTenant } from '../../../api/tenants/useTenants';
import { MapView } from '../../../components/MapView';
import { api } from '../../../api/client';
import { pick } from '../../../i18n';
import { directoryBase, useCalendar, useGroups, usePlaceNames, type CalendarItem } from '../api/queries';
import { when } from './format';
import { Select } from './parts';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

const KINDS = ['workshop', 'hackathon', 'public_debate', 'cultural', 'sport', 'other', 'meeting', 'phase'];

function MonthGrid({ items, month }: { items: CalendarItem[]; month: Date }) {
  const { t } = useTranslation();
  const days = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  const byDay = new Map<number, CalendarItem[]>();
  for (const it of items) {
    const d = new Date(it.allDay ? `${it.startsAt}T12:00:00Z` : it.startsAt);
    if (d.getUTCFullYear() === month.getUTCFullYear() && d.getUTCMonth() === month.getUTCMonth()) byDay.set(d.getUTCDate(), [...(byDay.get(d.getUTCDate()) ?? []), it]);
  }
  return (
    <ol className="dir-month" aria-label={t('directory.calendar.month')}>
      {Array.from({ length: days }, (_, i) => i + 1).map((d) => (
        <li key={d} className={byDay.has(d) ? 'dir-day dir-day--busy' : 'dir-day'}>
          <span className="dir-day-n">{d}</span>
          {(byDay.get(d) ?? []).map((it) => (
            <Link key={it.id} to={it.path}>
              {pick(it.title)}
            </Link>
          ))}
        </li>
      ))}
    </ol>
  );
}

/** The city's one calendar: events, group meetings, process phases; filters; list or month; feeds. */
export function CalendarPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [kinds, setKinds] = useState<string[]>([]);
  const [view, setView] = useState<'list' | 'month' | 'map'>('list');
  const city = useTenant(tenant);
  const [month, setMonth] = useState(() => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)));
  const [feed, setFeed] = useState<string | null>(null);
  const [group, setGroup] = useState('');
  const [ambition, setAmbition] = useState('');
  const groups = useGroups(tenant);
  const ambitions = [...new Set((groups.data?.items ?? []).map((g) => g.strategyCode).filter((c): c is string => !!c))].sort();
  const [where, setWhere] = useState('');
  const [at, setAt] = useState<{ placeId?: string; address?: string }>({});
  const places = usePlaceNames(tenant);
  const cal = useCalendar(tenant, { kind: kinds.length ? kinds.join(',') : undefined, group: group || undefined, strategyCode: ambition || undefined, ...at });
  const applyPlace = (e: FormEvent) => {
    e.preventDefault();
    const text = where.trim();
    const place = places.data?.items.find((p) => p.name === text);
    setAt(place ? { placeId: String(place.id) } : text.length >= 2 ? { address: text } : {});
  };
  const items = useMemo(() => cal.data?.items ?? [], [cal.data]);
  const toggle = (k: string) => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k]);
  const personal = async () => setFeed((await api<{ url: string }>('/api/v1/me/calendar-token', { method: 'POST' })).url);
  return (
    <>
      <h1>{t('directory.calendar.title')}</h1>
      <p className="dir-actions">
        <a className="button" href={`${directoryBase(tenant)}/calendar.ics`}>
          {t('directory.calendar.subscribe')}
        </a>
        {me.data?.authenticated ? (
          <button className="button" type="button" onClick={() => void personal()}>
            {t('directory.calendar.personal')}
          </button>
        ) : null}
      </p>
      {feed ? (
        <p role="status">
          {t('directory.calendar.personalUrl')} <code className="dir-code">{feed}</code>
        </p>
      ) : null}
      <fieldset className="dir-filters">
        <legend>{t('directory.filters')}</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} /> {t(`directory.eventKinds.${k}`)}
          </label>
        ))}
        <Select label={t('directory.calendar.group')} value={group} onChange={setGroup} empty={t('directory.all')} options={(groups.data?.items ?? []).map((g) => ({ value: g.slug, label: pick(g.name) }))} />
        <Select label={t('directory.calendar.ambition')} value={ambition} onChange={setAmbition} empty={t('directory.all')} options={ambitions.map((c) => ({ value: c, label: c }))} />
      </fieldset>
      <form className="dir-place-filter" onSubmit={applyPlace} role="search" aria-label={t('directory.calendar.placeFilter')}>
        <div className="field">
          <label htmlFor="cal-place">{t('directory.calendar.placeFilter')}</label>
          <p className="field__hint" id="cal-place-hint">
            {t('directory.calendar.placeHint')}
          </p>
          <input id="cal-place" list="cal-place-names" value={where} maxLength={TEXT_LIMITS.calendarPlace} aria-describedby="cal-place-hint" onChange={(e) => setWhere(e.target.value)} />
          <datalist id="cal-place-names">
            {(places.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.name} />
            ))}
          </datalist>
        </div>
        <button className="button" type="submit">
          {t('directory.calendar.apply')}
        </button>
        {at.placeId || at.address ? (
          <button className="button" type="button" onClick={() => { setWhere(''); setAt({}); }}>
            {t('directory.calendar.clear')}
          </button>
        ) : null}
      </form>
      <div className="dir-actions" role="group" aria-label={t('directory.calendar.view')}>
        <button className="button" type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
          {t('directory.calendar.list')}
        </button>
        <button className="button" type="button" aria-pressed={view === 'month'} onClick={() => setView('month')}>
          {t('directory.calendar.month')}
        </button>
        <button className="button" type="button" aria-pressed={view === 'map'} onClick={() => setView('map')}>
          {t('directory.calendar.map')}
        </button>
      </div>
      {view === 'map' && city.data ? (
        <MapView
          label={t('directory.calendar.mapLabel')}
          center={[city.data.centre.lat, city.data.centre.lon]}
          zoom={city.data.defaultZoom}
          boundary={city.data.boundary as GeoJSON.Geometry | null}
          features={items.filter((it) => it.lat !== null && it.lon !== null).map((it) => ({ id: it.id, geometry: { type: 'Point', coordinates: [it.lon!, it.lat!] }, label: `${pick(it.title)} – ${when(it.startsAt, 'Europe/Bucharest', it.allDay)}`, href: it.path }))}
        />
      ) : null}
      {view === 'month' ? (
        <>
          <p className="dir-actions">
            <button className="button" type="button" onClick={() => setMonth(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 1)))}>
              {t('directory.calendar.previous')}
            </button>
            <strong>{new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(month)}</strong>
            <button className="button" type="button" onClick={() => setMonth(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)))}>
              {t('directory.calendar.next')}
            </button>
          </p>
          <MonthGrid items={items} month={month} />
        </>
      ) : (
        <ul className="dir-list" aria-label={t('directory.calendar.list')}>
          {items.map((it) => (
            <li key={it.id}>
              <Link to={it.path}>{pick(it.title)}</Link>
              <span>
                {' '}
                — {t(`directory.eventKinds.${it.kind}`)} · {when(it.startsAt, 'Europe/Bucharest', it.allDay)}
                {it.online ? ` · ${t('directory.calendar.online')}` : it.address ? ` · ${it.address}` : ''}
                {it.status === 'cancelled' ? ` · ${t('directory.cancelled')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {items.length === 0 && !cal.isLoading ? <p>{t('directory.calendar.none')}</p> : null}
    </>
  );
}
