import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useBlock, useBulk, useCategories, useQueue } from '../api/queries';
import { STATUSES } from '../api/types';
import { GazetteerUpload } from '../components/GazetteerUpload';
import { StatusBadge } from '../components/StatusBadge';

/** Staff triage queue: filters, SLA breach first, bulk status changes, and the email blocklist. */
export function QueuePage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const [status, setStatus] = useState('open,acknowledged,in_progress');
  const [category, setCategory] = useState('');
  const [sort, setSort] = useState('sla');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkStatus, setBulkStatus] = useState('acknowledged');
  const [blockEmail, setBlockEmail] = useState('');
  const categories = useCategories(tenant);
  const queue = useQueue(tenant, { status, category, sort });
  const bulk = useBulk(tenant);
  const block = useBlock(tenant);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const applyBulk = (e: FormEvent) => {
    e.preventDefault();
    if (selected.length) bulk.mutate({ ids: selected, status: bulkStatus }, { onSuccess: () => setSelected([]) });
  };
  return (
    <>
      <h1>{t('reports.queue.title')}</h1>
      <form className="reports-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="q-status">{t('reports.statusLabel')}</label>
          <select id="q-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open,acknowledged,in_progress">{t('reports.queue.unresolved')}</option>
            <option value="">{t('reports.all')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`reports.status.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-category">{t('reports.category')}</label>
          <select id="q-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('reports.all')}</option>
            {(categories.data ?? []).map((c) => <option key={c.code} value={c.code}>{pick(c.name, i18n.language)} — {pick(c.department, i18n.language)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-sort">{t('reports.queue.sort')}</label>
          <select id="q-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="sla">{t('reports.queue.sortSla')}</option>
            <option value="oldest">{t('reports.queue.sortOldest')}</option>
            <option value="newest">{t('reports.queue.sortNewest')}</option>
          </select>
        </div>
      </form>
      {queue.isPending ? <Loading /> : queue.isError ? <LoadError onRetry={() => void queue.refetch()} /> : null}
      <FormMessage error={bulk.error} success={bulk.data ? t('reports.queue.bulkDone', { count: bulk.data.updated }) : undefined} />
      <form onSubmit={applyBulk} className="inline-form">
        <div className="field">
          <label htmlFor="q-bulk">{t('reports.queue.bulkStatus', { count: selected.length })}</label>
          <select id="q-bulk" value={bulkStatus} onChange={(e) => setBulkStatus(e.target.value)}>
            {STATUSES.filter((s) => s !== 'duplicate').map((s) => <option key={s} value={s}>{t(`reports.status.${s}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="button" disabled={!selected.length || bulk.isPending}>{t('reports.queue.apply')}</button>
      </form>
      {queue.data ? (
        <div className="table-wrap" role="region" aria-label={t('reports.queue.title')} tabIndex={0}>
          <table className="report-queue">
            <caption>{t('reports.count', { count: queue.data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.queue.select')}</th>
                <th scope="col">{t('reports.queue.report')}</th>
                <th scope="col">{t('reports.statusLabel')}</th>
                <th scope="col">{t('reports.department')}</th>
                <th scope="col">{t('reports.queue.age')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((r) => (
                <tr key={r.id} className={r.slaBreached ? 'report-queue__late' : undefined}>
                  <td><input type="checkbox" aria-label={t('reports.queue.selectOne', { id: r.id })} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} /></td>
                  <td><Link to={`/${tenant}/reports/${r.id}`}>#{r.id} {r.title}</Link>{!r.published ? ` (${t('reports.triage.unpublished')})` : ''}{r.hidden ? ` (${t('reports.triage.hidden')})` : ''}</td>
                  <td><StatusBadge status={r.status} /></td>
                  <td>{pick(r.department, i18n.language)}</td>
                  <td>{t('reports.days', { count: Math.floor(r.ageDays) })} / {r.targetDays}{r.slaBreached ? ` — ${t('reports.queue.late')}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <section aria-labelledby="q-block">
        <h2 id="q-block">{t('reports.queue.blockTitle')}</h2>
        <FormMessage error={block.error} success={block.isSuccess ? t('reports.queue.blocked') : undefined} />
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); block.mutate({ email: blockEmail }); }}>
          <Field label={t('reports.form.email')} type="email" value={blockEmail} onChange={(e) => setBlockEmail(e.target.value)} required />
          <button type="submit" className="button">{t('reports.queue.block')}</button>
        </form>
      </section>
      <GazetteerUpload tenant={tenant} />
    </>
  );
}
