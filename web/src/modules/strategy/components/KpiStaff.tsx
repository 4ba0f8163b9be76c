import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { useAddMeasurement, useUpdateKpi } from '../api/mutations';
import { KPI_DIRECTIONS, KPI_LEVELS, TARGET_KINDS, type KpiDetail, type KpiDirection, type KpiLevel, type TargetKind } from '../api/types';
import { Checks, num, today } from '../validate';
import { SelectField, TextAreaField } from './FormFields';
import { DeleteButton } from './DeleteButton';

/** Staff tools on a KPI page: add a measurement, edit the KPI. Shown only when the server says `abilities.edit`. */
export function KpiStaffPanel({ kpi }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  return (
    <section className="staff-panel" aria-labelledby="kpi-staff">
      <h2 id="kpi-staff">{t('strategy.staff.title')}</h2>
      <details>
        <summary>{t('strategy.staff.addMeasurement')}</summary>
        <MeasurementForm kpi={kpi} />
      </details>
      <details>
        <summary>{t('strategy.staff.editKpi')}</summary>
        <KpiEditForm kpi={kpi} />
      </details>
      <DeleteButton kind="kpi" code={kpi.code} />
    </section>
  );
}

function MeasurementForm({ kpi }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const add = useAddMeasurement(tenant!, kpi.code);
  const [date, setDate] = useState(today());
  const [value, setValue] = useState('');
  const [source, setSource] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<unknown>();
  const error = local ?? add.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).date('date', date, true).number('value', value, { required: true }).maxLength('source', source, 500).maxLength('note', note, 500).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    add.mutate(
      { date, value: num(value)!, ...(source.trim() ? { source: source.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      { onSuccess: () => setValue('') },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={add.isSuccess && !local ? t('strategy.staff.measurementAdded') : undefined} />
      <Field label={t('strategy.kpi.date')} type="date" name="date" required value={date} onChange={(e) => setDate(e.target.value)} error={fieldError(error, 'date')} />
      <Field
        label={`${t('strategy.kpi.value')}${kpi.unit ? ` (${kpi.unit})` : ''}`}
        name="value"
        inputMode="decimal"
        required
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={fieldError(error, 'value')}
      />
      <Field label={t('strategy.kpi.source')} name="source" value={source} onChange={(e) => setSource(e.target.value)} error={fieldError(error, 'source')} />
      <Field label={t('strategy.kpi.note')} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(error, 'note')} />
      <button type="submit" className="button button--primary" disabled={add.isPending}>
        {t('strategy.staff.addMeasurement')}
      </button>
    </form>
  );
}

function KpiEditForm({ kpi }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdateKpi(tenant!, kpi.code);
  const [f, setF] = useState({
    nameRo: kpi.name.ro,
    nameEn: kpi.name.en ?? '',
    nameHu: kpi.name.hu ?? '',
    unit: kpi.unit ?? '',
    level: kpi.level as KpiLevel,
    direction: kpi.direction as KpiDirection,
    baselineAvailable: kpi.baseline.available,
    baselineValue: kpi.baseline.value === null ? '' : String(kpi.baseline.value),
    baselineYear: kpi.baseline.year ? String(kpi.baseline.year) : '',
    baselineSource: kpi.baseline.source ?? '',
    targetKind: kpi.target.kind as TargetKind,
    targetValue: kpi.target.value === null ? '' : String(kpi.target.value),
    targetYear: kpi.target.year ? String(kpi.target.year) : '',
    note: kpi.note ?? '',
  });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? update.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t)
        .required('name.ro', f.nameRo)
        .maxLength('unit', f.unit, 500)
        .number('baseline.value', f.baselineValue)
        .number('baseline.year', f.baselineYear, { min: 1900, max: 2100, integer: true })
        .maxLength('baseline.source', f.baselineSource, 500)
        .number('target.value', f.targetValue)
        .number('target.year', f.targetYear, { min: 1900, max: 2100, integer: true })
        .maxLength('note', f.note, 4000)
        .done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    const name = { ro: f.nameRo.trim(), ...(f.nameEn.trim() ? { en: f.nameEn.trim() } : {}), ...(f.nameHu.trim() ? { hu: f.nameHu.trim() } : {}) };
    const baseline = {
      available: f.baselineAvailable,
      value: f.baselineAvailable ? (num(f.baselineValue) ?? null) : null,
      ...(kpi.baseline.text && f.baselineValue === (kpi.baseline.value === null ? '' : String(kpi.baseline.value)) ? { text: kpi.baseline.text } : {}),
      ...(f.baselineYear ? { year: Number(f.baselineYear) } : {}),
      ...(f.baselineSource.trim() ? { source: f.baselineSource.trim() } : {}),
    };
    const target = {
      kind: f.targetKind,
      value: f.targetKind === 'none' ? null : (num(f.targetValue) ?? null),
      ...(kpi.target.text && f.targetValue === (kpi.target.value === null ? '' : String(kpi.target.value)) ? { text: kpi.target.text } : {}),
      ...(f.targetYear ? { year: Number(f.targetYear) } : {}),
    };
    update.mutate({ name, unit: f.unit.trim() || null, level: f.level, direction: f.direction, baseline, target, note: f.note.trim() || null });
  };

  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={update.isSuccess && !local ? t('strategy.staff.saved') : undefined} />
      <Field label={t('strategy.staff.nameRo')} name="nameRo" required value={f.nameRo} onChange={set('nameRo')} error={fieldError(error, 'name.ro')} />
      <Field label={t('strategy.staff.nameEn')} name="nameEn" lang="en" value={f.nameEn} onChange={set('nameEn')} error={fieldError(error, 'name.en')} />
      <Field label={t('strategy.staff.nameHu')} name="nameHu" lang="hu" value={f.nameHu} onChange={set('nameHu')} error={fieldError(error, 'name.hu')} />
      <Field label={t('strategy.kpi.unit')} name="unit" value={f.unit} onChange={set('unit')} error={fieldError(error, 'unit')} />
      <SelectField label={t('strategy.kpis.level')} name="level" value={f.level} onChange={set('level')} error={fieldError(error, 'level')}>
        {KPI_LEVELS.map((l) => (
          <option key={l} value={l}>
            {t(`strategy.level.${l}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('strategy.direction.label')} name="direction" value={f.direction} onChange={set('direction')} error={fieldError(error, 'direction')}>
        {KPI_DIRECTIONS.map((d) => (
          <option key={d} value={d}>
            {t(`strategy.direction.${d}`)}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend>{t('strategy.kpi.baseline')}</legend>
        <div className="checkbox">
          <label>
            <input type="checkbox" checked={f.baselineAvailable} onChange={(e) => setF({ ...f, baselineAvailable: e.target.checked })} /> {t('strategy.staff.baselineAvailable')}
          </label>
        </div>
        <Field label={t('strategy.kpi.value')} name="baselineValue" inputMode="decimal" value={f.baselineValue} onChange={set('baselineValue')} error={fieldError(error, 'baseline.value')} />
        <Field label={t('strategy.pillar.year')} name="baselineYear" inputMode="numeric" value={f.baselineYear} onChange={set('baselineYear')} error={fieldError(error, 'baseline.year')} />
        <Field label={t('strategy.kpi.source')} name="baselineSource" value={f.baselineSource} onChange={set('baselineSource')} error={fieldError(error, 'baseline.source')} />
      </fieldset>
      <fieldset>
        <legend>{t('strategy.kpi.target')}</legend>
        <SelectField label={t('strategy.targetKind.label')} name="targetKind" value={f.targetKind} onChange={set('targetKind')} error={fieldError(error, 'target.kind')}>
          {TARGET_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`strategy.targetKind.${k}`)}
            </option>
          ))}
        </SelectField>
        <Field label={t('strategy.kpi.value')} name="targetValue" inputMode="decimal" value={f.targetValue} onChange={set('targetValue')} error={fieldError(error, 'target.value')} />
        <Field label={t('strategy.pillar.year')} name="targetYear" inputMode="numeric" value={f.targetYear} onChange={set('targetYear')} error={fieldError(error, 'target.year')} />
      </fieldset>
      <TextAreaField label={t('strategy.kpi.note')} name="note" value={f.note} onChange={set('note')} error={fieldError(error, 'note')} />
      <button type="submit" className="button button--primary" disabled={update.isPending}>
        {t('strategy.staff.save')}
      </button>
    </form>
  );
}
