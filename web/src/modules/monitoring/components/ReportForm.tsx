import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describedBy, Field, FieldNotes } from '../../../components/Field';
import { pick } from '../../../i18n';
import { useKpis, PROJECT_STATUSES, type ProjectStatus, formatMoney } from '../../strategy';
import type { KpiValue, ReportFields } from '../api/types';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

function TextArea({ label, hint, error, name, defaultValue, required }: { label: string; hint?: string; error?: string | undefined; name: string; defaultValue: string; required?: boolean }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error} />
      <textarea id={id} name={name} rows={4} defaultValue={defaultValue} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}

/**
 * The fields of a progress report (new or draft). KPI values are chosen from the KPIs of the project's
 * pillar; the server checks that each belongs to the project, its objective or its pillar.
 */
export function ReportForm({
  tenant,
  pillar,
  initial,
  budget,
  submitLabel,
  busy,
  fieldError,
  onSubmit,
}: {
  tenant: string;
  pillar: string | undefined;
  initial?: ReportFields | undefined;
  budget?: number | null | undefined;
  submitLabel: string;
  busy: boolean;
  fieldError: (field: string) => string | undefined;
  onSubmit: (fields: ReportFields) => void;
}) {
  const { t, i18n } = useTranslation();
  const kpis = useKpis(tenant, { ambition: pillar });
  const [kpiValues, setKpiValues] = useState<{ kpi: string; value: string }[]>((initial?.kpiValues ?? []).map((k) => ({ kpi: k.kpi, value: String(k.value) })));
  const statusId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '');
    const narrative = { ro: s('narrative.ro'), ...(s('narrative.en').trim() ? { en: s('narrative.en') } : {}), ...(s('narrative.hu').trim() ? { hu: s('narrative.hu') } : {}) };
    const values: KpiValue[] = kpiValues.filter((k) => k.kpi).map((k) => ({ kpi: k.kpi, value: Number(k.value.replace(',', '.')) }));
    onSubmit({
      projectStatus: s('projectStatus') as ProjectStatus,
      progress: numberOrNull(s('progress')),
      spendToDate: numberOrNull(s('spendToDate')),
      milestonesReached: lines(s('milestonesReached')),
      milestonesPlanned: lines(s('milestonesPlanned')),
      risks: s('risks'),
      narrative,
      kpiValues: values,
    });
  };

  return (
    <form onSubmit={submit} className="report-form" noValidate>
      <div className={`field${fieldError('projectStatus') ? ' field--error' : ''}`}>
        <label htmlFor={statusId}>{t('monitoring.form.projectStatus')}</label>
        <select id={statusId} name="projectStatus" defaultValue={initial?.projectStatus ?? 'in_progress'}>
          {PROJECT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`strategy.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('monitoring.form.progress')} name="progress" type="number" min={0} max={100} inputMode="numeric" defaultValue={initial?.progress ?? ''} error={fieldError('progress')} />
      <Field
        label={t('monitoring.form.spendToDate')}
        name="spendToDate"
        type="number"
        min={0}
        step="0.01"
        inputMode="decimal"
        defaultValue={initial?.spendToDate ?? ''}
        hint={budget ? t('monitoring.form.budget', { amount: formatMoney(budget, i18n.language) }) : undefined}
        error={fieldError('spendToDate')}
      />
      <TextArea label={t('monitoring.form.milestonesReached')} hint={t('monitoring.form.oneLine')} name="milestonesReached" defaultValue={(initial?.milestonesReached ?? []).join('\n')} error={fieldError('milestonesReached')} />
      <TextArea label={t('monitoring.form.milestonesPlanned')} hint={t('monitoring.form.oneLine')} name="milestonesPlanned" defaultValue={(initial?.milestonesPlanned ?? []).join('\n')} error={fieldError('milestonesPlanned')} />
      <TextArea label={t('monitoring.form.risks')} name="risks" defaultValue={initial?.risks ?? ''} error={fieldError('risks')} />
      <TextArea label={t('monitoring.form.narrativeRo')} name="narrative.ro" defaultValue={initial?.narrative.ro ?? ''} required error={fieldError('narrative.ro') ?? fieldError('narrative')} />
      <TextArea label={t('monitoring.form.narrativeEn')} name="narrative.en" defaultValue={initial?.narrative.en ?? ''} error={fieldError('narrative.en')} />
      <TextArea label={t('monitoring.form.narrativeHu')} name="narrative.hu" defaultValue={initial?.narrative.hu ?? ''} error={fieldError('narrative.hu')} />
      <fieldset className="kpi-values">
        <legend>{t('monitoring.form.kpis')}</legend>
        <p className="field__hint">{t('monitoring.form.kpisHint')}</p>
        {kpiValues.map((k, i) => (
          <div className="kpi-values__row" key={i}>
            <div className={`field${fieldError(`kpiValues[${i}].kpi`) ? ' field--error' : ''}`}>
              <label htmlFor={`kpi-${i}`}>{t('monitoring.form.kpi')}</label>
              {fieldError(`kpiValues[${i}].kpi`) ? <p className="field__error">{fieldError(`kpiValues[${i}].kpi`)}</p> : null}
              <select id={`kpi-${i}`} value={k.kpi} onChange={(e) => setKpiValues(kpiValues.map((x, j) => (j === i ? { ...x, kpi: e.target.value } : x)))}>
                <option value="">{t('monitoring.form.noKpi')}</option>
                {(kpis.data?.items ?? []).map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.code} — {pick(o.name, i18n.language)}
                    {o.unit ? ` (${o.unit})` : ''}
                  </option>
                ))}
              </select>
            </div>
            <Field label={t('monitoring.form.value')} id={`kpi-value-${i}`} inputMode="decimal" value={k.value} onChange={(e) => setKpiValues(kpiValues.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} error={fieldError(`kpiValues[${i}].value`)} />
            <button type="button" className="link-button" onClick={() => setKpiValues(kpiValues.filter((_, j) => j !== i))}>
              {t('monitoring.form.removeKpi')}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setKpiValues([...kpiValues, { kpi: '', value: '' }])}>
          {t('monitoring.form.addKpi')}
        </button>
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
