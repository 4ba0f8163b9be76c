import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useImportMeasurements, usePublishRevision } from '../api/mutations';
import { useRevisionDiff, useRevisions, useStrategyTree } from '../api/queries';
import { CreateKpiForm, CreateProjectForm } from '../components/CreateForms';
import { useCan } from '../../../api/auth/useCan';
import { SelectField, TextAreaField } from '../components/FormFields';
import { StrategyNav } from '../components/StrategyNav';
import type { RevisionDiff } from '../api/types';
import { formatDate } from '../format';
import { Checks } from '../validate';
import { DataTable } from '../../../components/TableWrap';

export function StrategyAdminPage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const me = useMe();
  const edit = useCan(tenant)('strategy.edit');
  if (me.isPending) return <Loading />;
  if (!edit)
    return (
      <>
        <h1>{t('strategy.staff.adminTitle')}</h1>
        <div className="notice notice--error" role="alert">
          <p>{t('strategy.staff.noAccess')}</p>
        </div>
        {!me.data?.authenticated ? (
          <p>
            <Link to="/signin" state={{ from: `/${tenant}/strategy/admin` }}>
              {t('strategy.staff.signIn')}
            </Link>
          </p>
        ) : null}
      </>
    );
  return (
    <>
      <h1>{t('strategy.staff.adminTitle')}</h1>
      <StrategyNav />
      <p>
        <Link to={`/${tenant}/strategy/translate`}>{t('strategy.translate.title')}</Link>
      </p>
      <Revisions />
      <ImportMeasurements />
      <CreateSection />
    </>
  );
}

function Revisions() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const revisions = useRevisions(tenant);
  const publish = usePublishRevision(tenant!);
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<unknown>();
  const error = local ?? publish.error;
  const items = revisions.data?.items ?? [];
  const [from, setFrom] = useState(params.get('a') ?? '');
  const [to, setTo] = useState(params.get('b') ?? 'current');
  const a = params.get('a');
  const b = params.get('b');
  const diff = useRevisionDiff(tenant, a, b);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).required('name', name).maxLength('name', name, 200).maxLength('note', note, 2000).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    publish.mutate(
      { name: name.trim(), ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setName('');
          setNote('');
        },
      },
    );
  };
  const compare = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to) return;
    setParams({ a: from, b: to });
  };
  const label = (ref: string) => (ref === 'current' ? t('strategy.staff.current') : (items.find((r) => String(r.id) === ref)?.name ?? ref));

  return (
    <section aria-labelledby="rev-title">
      <h2 id="rev-title">{t('strategy.staff.revisions')}</h2>
      <p>{t('strategy.staff.revisionsIntro')}</p>
      <form onSubmit={submit} noValidate className="panel">
        <h3>{t('strategy.staff.publish')}</h3>
        <FormMessage error={error} success={publish.isSuccess && !local ? t('strategy.staff.published', { number: publish.data?.id ?? '' }) : undefined} />
        <Field label={t('strategy.staff.revisionName')} name="name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
        <TextAreaField label={t('strategy.staff.revisionNote')} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(error, 'note')} />
        <button type="submit" className="button button--primary" disabled={publish.isPending}>
          {t('strategy.staff.publish')}
        </button>
      </form>

      {revisions.isPending ? <Loading /> : revisions.isError ? <LoadError onRetry={() => void revisions.refetch()} /> : null}
      {revisions.data && items.length === 0 ? <p>{t('strategy.staff.noRevisions')}</p> : null}
      {items.length ? (
        <DataTable label={t('strategy.staff.revisions')} caption={t('strategy.staff.revisions')} columns={[t('strategy.staff.revision'), t('strategy.staff.publishedOn'), t('strategy.staff.by'), t('strategy.staff.contents')]}>
          {items.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                {r.id}. {r.name}
                {r.note ? <p className="meta">{r.note}</p> : null}
              </th>
              <td>{formatDate(r.createdAt, i18n.language)}</td>
              <td>{r.author ?? '—'}</td>
              <td>{t('strategy.staff.revisionCounts', r.counts)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}

      {items.length ? (
        <form onSubmit={compare} className="panel">
          <h3>{t('strategy.staff.compare')}</h3>
          <div className="inline-form">
            <SelectField label={t('strategy.staff.from')} name="a" value={from} onChange={(e) => setFrom(e.target.value)}>
              <option value="">—</option>
              {items.map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {r.id}. {r.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('strategy.staff.to')} name="b" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="current">{t('strategy.staff.current')}</option>
              {items.map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {r.id}. {r.name}
                </option>
              ))}
            </SelectField>
          </div>
          <button type="submit" className="button">
            {t('strategy.staff.showDiff')}
          </button>
        </form>
      ) : null}

      {a && b ? (
        <section aria-labelledby="diff-title">
          <h3 id="diff-title">{t('strategy.staff.diff', { a: label(a), b: label(b) })}</h3>
          {diff.isPending ? <Loading /> : diff.isError ? <LoadError onRetry={() => void diff.refetch()} /> : null}
          {diff.data ? (
            <>
              <p>
                {t('strategy.staff.added')}: {diff.data.summary.added} · {t('strategy.staff.removed')}: {diff.data.summary.removed} · {t('strategy.staff.changed')}:{' '}
                {diff.data.summary.changed}
              </p>
              {diff.data.changes.length === 0 ? <p>{t('strategy.staff.noDiff')}</p> : null}
              <ul className="item-list">
                {diff.data.changes.map((c) => (
                  <DiffChange key={`${c.type}-${c.code}`} change={c} />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** One entry of a revision diff: what was added, removed or changed, and for a change each field before and after. */
function DiffChange({ change: c }: { change: RevisionDiff['changes'][number] }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <h4>
        <span className={`diff-${c.change}`}>{t(`strategy.staff.${c.change}`)}</span> · {t(`strategy.entity.${c.type}`)} {c.code}
        {c.title ? ` — ${pick(c.title, i18n.language)}` : ''}
      </h4>
      {c.fields.length ? (
        <DataTable label={`${t('strategy.staff.changed')} ${c.code}`} columns={[t('strategy.staff.field'), t('strategy.staff.before'), t('strategy.staff.after')]}>
          {c.fields.map((f) => (
            <tr key={f.field}>
              <th scope="row">{f.field}</th>
              <td>{show(f.before)}</td>
              <td>{show(f.after)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </li>
  );
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function ImportMeasurements() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const imp = useImportMeasurements(tenant!);
  const [csv, setCsv] = useState('kpi,date,value,source,note\n');
  const [local, setLocal] = useState<unknown>();
  const error = local ?? imp.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = new Checks(t);
      if (csv.trim().split(/\r?\n/).length < 2) c.errors.push({ field: 'csv', message: t('strategy.staff.csvEmpty') });
      c.done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    imp.mutate(csv);
  };
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('strategy.staff.importCsv')}</h2>
      <form onSubmit={submit} noValidate className="panel">
        <FormMessage error={error} success={imp.isSuccess && !local ? t('strategy.staff.imported', { count: imp.data?.imported ?? 0 }) : undefined} />
        <Field
          label={t('strategy.staff.csvFile')}
          type="file"
          name="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
        <TextAreaField label={t('strategy.staff.csvText')} hint={t('strategy.staff.importHint')} name="csv" rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} error={fieldError(error, 'csv')} />
        <button type="submit" className="button button--primary" disabled={imp.isPending}>
          {t('strategy.staff.import')}
        </button>
      </form>
    </section>
  );
}

function CreateSection() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const tree = useStrategyTree(tenant);
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">{t('strategy.staff.create')}</h2>
      {tree.isPending ? <Loading /> : tree.isError ? <LoadError onRetry={() => void tree.refetch()} /> : null}
      {tree.data ? (
        <div className="two-col">
          <CreateProjectForm tree={tree.data} />
          <CreateKpiForm tree={tree.data} />
        </div>
      ) : null}
    </section>
  );
}
