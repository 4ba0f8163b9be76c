import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../../api/auth/useCan';
import { useMe } from '../../../api/auth/useMe';
import { ApiError } from '../../../api/client';
import { useTenant } from '../../../api/tenants/useTenants';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { MapView } from '../../../components/MapView';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { NotFoundPage } from '../../../pages/NotFoundPage';
import { useFollowing, useHide, useReport, useSetFollowing, useStaffAction, useStaffMembers, useSupport } from '../api/queries';
import { type ReportDetail, STATUSES } from '../api/types';
import { formatDate, STATUS_COLOURS, StatusBadge } from '../components/StatusBadge';
import { FeedLink } from '../../notifications';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** A report's public page: where, what, photos, status history and the city's updates; staff triage here too. */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '', id = '' } = useParams();
  const city = useTenant(tenant);
  const report = useReport(tenant, id);
  if (report.isPending) return <Loading />;
  if (report.error instanceof ApiError && report.error.status === 404) return <NotFoundPage />;
  if (report.isError) return <LoadError onRetry={() => void report.refetch()} />;
  const r = report.data;
  const lng = i18n.language;
  return (
    <>
      <p><Link to={`/${tenant}/reports`}>{t('reports.backToList')}</Link></p>
      <h1>#{r.id} {r.title}</h1>
      <FeedLink tenant={tenant} kind="reports.report" id={String(r.id)} title={`#${r.id} ${r.title}`} />
      <p className="report-head">
        <StatusBadge status={r.status} /> {pick(r.category.name, lng)} · {t('reports.reportedOn', { date: formatDate(r.createdAt, lng) })}
        {r.reporterName ? ` · ${t('reports.by', { name: r.reporterName })}` : ''}
      </p>
      {r.duplicateOf ? <p>{t('reports.duplicateOf')} <Link to={`/${tenant}/reports/${r.duplicateOf}`}>#{r.duplicateOf}</Link></p> : null}
      <dl className="report-facts">
        <dt>{t('reports.department')}</dt>
        <dd>{pick(r.department, lng)}</dd>
        <dt>{t('reports.target')}</dt>
        <dd>{t('reports.days', { count: r.targetDays })}</dd>
        {r.address ? (<><dt>{t('reports.form.address')}</dt><dd>{r.address}</dd></>) : null}
        <dt>{t('reports.supportersLabel')}</dt>
        <dd>{r.supporters}</dd>
      </dl>
      {r.description ? <p className="report-description">{r.description}</p> : null}
      {r.photos.length ? (
        <ul className="report-photos">
          {r.photos.map((p, i) => (
            <li key={p.id}><img src={p.url} alt={t('reports.photoAlt', { n: i + 1, title: r.title })} width={p.width} height={p.height} loading="lazy" /></li>
          ))}
        </ul>
      ) : null}
      {city.data && r.lat !== null && r.lon !== null ? (
        <MapView label={t('reports.mapOne')} center={[r.lat, r.lon]} zoom={16} boundary={city.data.boundary as GeoJSON.Geometry | null} features={[{ id: r.id, geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, color: STATUS_COLOURS[r.status], label: r.title }]} height={240} />
      ) : null}
      {r.abilities.support ? <Support tenant={tenant} id={r.id} /> : null}
      <Follow tenant={tenant} id={r.id} />
      <section aria-labelledby="report-history">
        <h2 id="report-history">{t('reports.history')}</h2>
        <ol className="report-timeline">
          <li>{formatDate(r.createdAt, lng)}: {t('reports.status.open')}</li>
          {r.updates.map((u) => (
            <li key={u.id} className={u.kind === 'internal' ? 'report-timeline__internal' : undefined}>
              {formatDate(u.createdAt, lng)}: {u.kind === 'internal' ? `${t('reports.internalNote')}: ` : ''}
              {u.status ? <StatusBadge status={u.status} /> : null} {u.text}
            </li>
          ))}
        </ol>
      </section>
      {r.abilities.triage ? <Triage tenant={tenant} report={r} /> : null}
    </>
  );
}

function Support({ tenant, id }: { tenant: string; id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const support = useSupport(tenant, id);
  const [email, setEmail] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    support.mutate(me.data?.authenticated ? {} : { email });
  };
  return (
    <section aria-labelledby="report-support">
      <h2 id="report-support">{t('reports.supportTitle')}</h2>
      <FormMessage error={support.error} success={support.data ? t(support.data.pending ? 'reports.supportPending' : 'reports.supported') : undefined} />
      {support.data ? null : (
        <form onSubmit={submit} className="inline-form">
          {me.data?.authenticated ? null : <Field label={t('reports.form.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          <button type="submit" className="button">{t('reports.support')}</button>
        </form>
      )}
    </section>
  );
}

/** Follow without supporting: signed-in people are told of status changes (and can stop). */
function Follow({ tenant, id }: { tenant: string; id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const following = useFollowing(tenant, id, signedIn);
  const set = useSetFollowing(tenant, id);
  if (!signedIn || !following.data) return null;
  const on = following.data.following;
  return (
    <section aria-labelledby="report-follow">
      <h2 id="report-follow">{t('reports.follow.title')}</h2>
      <p>{on ? t('reports.follow.on') : t('reports.follow.off')}</p>
      <FormMessage error={set.error} />
      <button type="button" className="button" aria-pressed={on} disabled={set.isPending} onClick={() => set.mutate(!on)}>
        {on ? t('reports.follow.stop') : t('reports.follow.start')}
      </button>
    </section>
  );
}

function Triage({ tenant, report }: { tenant: string; report: ReportDetail }) {
  const { t } = useTranslation();
  const action = useStaffAction(tenant, report.id);
  const hide = useHide(tenant, report.id);
  const [status, setStatus] = useState(report.status as string);
  const [publicUpdate, setPublicUpdate] = useState('');
  const [internalNote, setInternalNote] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const me = useMe();
  // the city's members are listed only to those who manage them (GET /members)
  const manageMembers = useCan(tenant)('users.manageMembers');
  const members = useStaffMembers(tenant, manageMembers);
  const current = report.staff?.assignedTo ?? '';
  const [assignee, setAssignee] = useState(current);
  const myId = me.data?.user?.id;
  // Admins pick from the city's staff; other staff can take the report themselves (or leave it as it is).
  const people: { id: string; name: string }[] = manageMembers && members.data
    ? members.data.map((m) => ({ id: m.id, name: m.id === myId ? `${m.displayName} (${t('reports.triage.me')})` : `${m.displayName} · ${m.email}` }))
    : myId ? [{ id: myId, name: t('reports.triage.me') }] : [];
  if (current && !people.some((p) => p.id === current)) people.push({ id: current, name: t('reports.triage.someoneElse') });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate(
      {
        ...(status === 'duplicate' ? { duplicateOf } : { status }),
        ...(publicUpdate ? { publicUpdate } : {}),
        ...(internalNote ? { internalNote } : {}),
        ...(assignee !== current ? { assignTo: assignee || null } : {}),
      },
      { onSuccess: () => { setPublicUpdate(''); setInternalNote(''); } },
    );
  };
  return (
    <section aria-labelledby="report-triage" className="report-triage">
      <h2 id="report-triage">{t('reports.triage.title')}</h2>
      {report.staff ? (
        <p>
          {report.staff.published ? t('reports.triage.published') : t('reports.triage.unpublished')}
          {report.staff.hidden ? ` · ${t('reports.triage.hidden')}: ${report.staff.hiddenReason ?? ''}` : ''}
          {report.staff.reporterEmail ? ` · ${report.staff.reporterEmail}` : ''}
        </p>
      ) : null}
      <FormMessage error={action.error ?? hide.error} success={action.isSuccess ? t('reports.triage.saved') : undefined} />
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="tr-status">{t('reports.statusLabel')}</label>
          <select id="tr-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`reports.status.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tr-assign">{t('reports.triage.assignTo')}</label>
          <select id="tr-assign" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{t('reports.triage.nobody')}</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
        {status === 'duplicate' ? <Field label={t('reports.triage.duplicateOf')} inputMode="numeric" value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} required /> : null}
        <div className="field">
          <label htmlFor="tr-public">{t('reports.triage.publicUpdate')}</label>
          <textarea id="tr-public" rows={3} value={publicUpdate} onChange={(e) => setPublicUpdate(e.target.value)} maxLength={TEXT_LIMITS.reportUpdate} />
        </div>
        <div className="field">
          <label htmlFor="tr-internal">{t('reports.triage.internalNote')}</label>
          <textarea id="tr-internal" rows={2} value={internalNote} onChange={(e) => setInternalNote(e.target.value)} maxLength={TEXT_LIMITS.reportUpdate} />
        </div>
        <button type="submit" className="button button--primary" disabled={action.isPending}>{t('reports.triage.save')}</button>{' '}
        <button type="button" className="button" onClick={() => hide.mutate({ hidden: !report.staff?.hidden, reason: internalNote || 'abuz' })}>
          {report.staff?.hidden ? t('reports.triage.unhide') : t('reports.triage.hide')}
        </button>
      </form>
    </section>
  );
}
