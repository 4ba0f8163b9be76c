import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../api/client';
import { useMe } from '../../../api/auth/useMe';
import { useCan } from '../../../api/auth/useCan';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { base, participationKeys } from '../api/hooks';
import { PabulibImport } from '../components/BudgetStaffTools';
import { ProcessForm } from '../components/ProcessForm';
import { SurveyForm } from '../components/SurveyForm';

type Kind = 'survey' | 'budget' | 'process';
const KINDS: Kind[] = ['survey', 'budget', 'process'];
const PATH: Record<Kind, string> = { survey: 'surveys', budget: 'budgets', process: 'processes' };
/** The structured part each kind takes as JSON, with a valid example to start from. */
const JSON_PART: Record<Kind, { field: string; example: unknown }[]> = {
  // consultations use the question builder (SurveyForm), not JSON
  survey: [],
  budget: [
    {
      field: 'projects',
      example: [
        { code: 'P1', title: { ro: 'Bănci noi în parc' }, cost: 50000 },
        { code: 'P2', title: { ro: 'Pistă de biciclete' }, cost: 150000 },
      ],
    },
  ],
  // processes use the process form (ProcessForm), not JSON
  process: [],
};

/** Server field errors under a prefix (e.g. every `questions[2].options`), listed next to the JSON box. */
function errorsUnder(error: unknown, prefix: string) {
  return error instanceof ApiError ? error.errors.filter((e) => e.field === prefix || e.field.startsWith(`${prefix}[`) || e.field.startsWith(`${prefix}.`)) : [];
}

function JsonArea({ label, hint, value, onChange, errors }: { label: string; hint: string; value: string; onChange: (v: string) => void; errors: string[] }) {
  const id = useId();
  return (
    <div className={`field${errors.length ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {errors.length ? (
        <ul className="field__error" id={`${id}-error`}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <textarea id={id} className="pp-json" rows={12} spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={errors.length ? true : undefined} aria-describedby={[`${id}-hint`, errors.length ? `${id}-error` : ''].filter(Boolean).join(' ')} />
    </div>
  );
}

/** Staff screen: create a consultation, a participatory budget or a process through the staff APIs. */
export function StaffCreatePage() {
  const { t } = useTranslation();
  const { tenant, kind: kindParam } = useParams();
  const kind: Kind = KINDS.includes(kindParam as Kind) ? (kindParam as Kind) : 'survey';
  const me = useMe();
  const manage = useCan(tenant)('participation.manage');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [f, setF] = useState({ slug: '', titleRo: '', titleEn: '', titleHu: '', descriptionRo: '', audience: 'users', status: 'open', total: '', votingRule: 'selected_projects', thresholdPercent: '', minProjects: '', maxProjects: '' });
  const [elig, setElig] = useState({ verifiedEmail: false, verifiedResident: false, minAge: '', maxAge: '', status: 'preparing' });
  const [json, setJson] = useState<Record<string, string>>(() => Object.fromEntries(Object.values(JSON_PART).flat().map((p) => [p.field, JSON.stringify(p.example, null, 2)])));
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<{ id: number }>(`${base(tenant!)}/${PATH[kind]}`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant!) }),
  });

  if (!manage)
    return (
      <>
        <h1>{t(`participation.create.title.${kind}`)}</h1>
        <p>{me.isPending ? t('participation.create.checking') : t('participation.create.staffOnly')}</p>
      </>
    );

  const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const parsed: Record<string, unknown> = {};
    const bad: Record<string, string> = {};
    for (const p of JSON_PART[kind]) {
      try {
        parsed[p.field] = JSON.parse(json[p.field] || '[]');
      } catch (err) {
        bad[p.field] = t('participation.create.badJson', { detail: (err as Error).message });
      }
    }
    setJsonErrors(bad);
    if (Object.keys(bad).length) return;
    const title = { ro: f.titleRo, ...(f.titleEn ? { en: f.titleEn } : {}), ...(f.titleHu ? { hu: f.titleHu } : {}) };
    const common = { slug: f.slug, title, description: { ro: f.descriptionRo } };
    const body =
      kind === 'survey'
        ? { ...common, ...parsed }
        : kind === 'budget'
          ? {
              ...common,
              status: elig.status,
              eligibility: { ...(elig.verifiedEmail ? { verifiedEmail: true } : {}), ...(elig.verifiedResident ? { verifiedResident: true } : {}), ...(num(elig.minAge) !== undefined ? { minAge: num(elig.minAge) } : {}), ...(num(elig.maxAge) !== undefined ? { maxAge: num(elig.maxAge) } : {}) },
              total: num(f.total) ?? 0,
              votingRule: f.votingRule, ...(num(f.thresholdPercent) !== undefined ? { thresholdPercent: num(f.thresholdPercent) } : {}), ...(num(f.minProjects) !== undefined ? { minProjects: num(f.minProjects) } : {}), ...(num(f.maxProjects) !== undefined ? { maxProjects: num(f.maxProjects) } : {}), ...parsed }
          : { ...common, ...parsed };
    create.mutate(body, { onSuccess: () => setCreated(f.slug) });
  };
  const err = create.error;
  const href = created ? `/${tenant}/${PATH[kind]}/${created}` : '';

  return (
    <>
      <p>
        <Link to={`/${tenant}/participation`}>{t('participation.home.title')}</Link>
      </p>
      <h1>{t(`participation.create.title.${kind}`)}</h1>
      <nav aria-label={t('participation.create.kinds')}>
        <ul className="pp-inline">
          {KINDS.filter((k) => k !== kind).map((k) => (
            <li key={k}>
              <Link to={`/${tenant}/participation/new/${k}`}>{t(`participation.create.title.${k}`)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {kind === 'survey' ? (
        <SurveyForm tenant={tenant!} />
      ) : kind === 'process' ? (
        <ProcessForm tenant={tenant!} onSaved={(slug) => void navigate(`/${tenant}/processes/${slug}`)} />
      ) : (
      <form onSubmit={submit} noValidate>
        <Field label={t('participation.create.slug')} hint={t('participation.create.slugHint')} required value={f.slug} onChange={set('slug')} error={fieldError(err, 'slug')} />
        <Field label={t('participation.create.titleRo')} required value={f.titleRo} onChange={set('titleRo')} error={fieldError(err, 'title.ro')} />
        <Field label={t('participation.create.titleEn')} value={f.titleEn} onChange={set('titleEn')} error={fieldError(err, 'title.en')} />
        <Field label={t('participation.create.titleHu')} value={f.titleHu} onChange={set('titleHu')} error={fieldError(err, 'title.hu')} />
        <Field label={t('participation.create.description')} required value={f.descriptionRo} onChange={set('descriptionRo')} error={fieldError(err, 'description.ro')} />
        {kind === 'budget' ? (
          <>
            <Field label={t('participation.create.total')} type="number" min={1} required value={f.total} onChange={set('total')} error={fieldError(err, 'total')} />
            <div className="field">
              <label htmlFor="pc-rule">{t('participation.create.votingRule')}</label>
              <select id="pc-rule" value={f.votingRule} onChange={set('votingRule')}>
                {['threshold_percent', 'minimum_projects', 'selected_projects'].map((r) => (
                  <option key={r} value={r}>
                    {t(`participation.create.rule.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {f.votingRule === 'threshold_percent' ? <Field label={t('participation.create.thresholdPercent')} type="number" min={0} max={100} value={f.thresholdPercent} onChange={set('thresholdPercent')} error={fieldError(err, 'thresholdPercent')} /> : null}
            {f.votingRule !== 'threshold_percent' ? <Field label={t('participation.create.minProjects')} type="number" min={0} value={f.minProjects} onChange={set('minProjects')} error={fieldError(err, 'minProjects')} /> : null}
            {f.votingRule === 'selected_projects' ? <Field label={t('participation.create.maxProjects')} type="number" min={1} value={f.maxProjects} onChange={set('maxProjects')} error={fieldError(err, 'maxProjects')} /> : null}
            <fieldset className="pp-place">
              <legend>{t('participation.bp.whoTitle')}</legend>
              <p className="field__hint">{t('participation.bp.whoHint')}</p>
              <label className="pp-choice">
                <input type="checkbox" checked={elig.verifiedEmail} onChange={(e) => setElig((x) => ({ ...x, verifiedEmail: e.target.checked }))} /> {t('participation.bp.eligEmail')}
              </label>
              <label className="pp-choice">
                <input type="checkbox" checked={elig.verifiedResident} onChange={(e) => setElig((x) => ({ ...x, verifiedResident: e.target.checked }))} /> {t('participation.bp.eligResident')}
              </label>
              <Field label={t('participation.bp.minAge')} type="number" min={0} max={120} value={elig.minAge} onChange={(e) => setElig((x) => ({ ...x, minAge: e.target.value }))} error={fieldError(err, 'eligibility.minAge')} />
              <Field label={t('participation.bp.maxAge')} type="number" min={0} max={120} value={elig.maxAge} onChange={(e) => setElig((x) => ({ ...x, maxAge: e.target.value }))} error={fieldError(err, 'eligibility.maxAge')} />
            </fieldset>
            <div className="field">
              <label htmlFor="pc-status">{t('participation.bp.statusField')}</label>
              <select id="pc-status" value={elig.status} onChange={(e) => setElig((x) => ({ ...x, status: e.target.value }))}>
                {['preparing', 'voting', 'draft'].map((st) => (
                  <option key={st} value={st}>
                    {t(`participation.bp.budgetStatus.${st}`)}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
        {JSON_PART[kind].map((p) => (
          <JsonArea
            key={p.field}
            label={t(`participation.create.json.${p.field}`)}
            hint={t(`participation.create.jsonHint.${p.field}`)}
            value={json[p.field] ?? ''}
            onChange={(v) => setJson((x) => ({ ...x, [p.field]: v }))}
            errors={[...(jsonErrors[p.field] ? [jsonErrors[p.field]!] : []), ...errorsUnder(err, p.field).map((e) => `${e.field}: ${e.message}`)]}
          />
        ))}
        <FormMessage error={Object.keys(jsonErrors).length ? undefined : err} success={created ? t('participation.create.done') : undefined} />
        {created ? (
          <p>
            <Link to={href}>{t('participation.create.open')}</Link>
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {t(`participation.create.submit.${kind}`)}
        </button>
      </form>
      )}
      {kind === 'budget' ? <PabulibImport tenant={tenant!} /> : null}
    </>
  );
}
