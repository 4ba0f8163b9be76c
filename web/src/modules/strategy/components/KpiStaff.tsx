import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { useMetrics } from '../../monitoring';
import { LoadError, Loading } from '../../../components/Status';
import { unitLabel } from '../../../../../src/shared/units';
import { useAddMeasurement, useUpdateKpi } from '../api/mutations';
import { useEditorialNotes } from '../api/queries';
import { TARGET_KINDS, type KpiDetail, type KpiDirection, type KpiLevel, type TargetKind } from '../api/types';
import { num, today } from '../validate';
import { KpiClassFields, Options, SelectField, TextAreaField, UnitSelect } from './FormFields';
import { DeleteButton } from './DeleteButton';
import { LocalisedFields, multiloc, shown, StaffForm, StaffPanel, Tool, useStaffForm } from './StaffForm';

/** Staff tools on a KPI page: add a measurement, edit the KPI. Shown only when the server says `abilities.edit`. */
export function KpiStaffPanel({ kpi }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  return (
    <StaffPanel id="kpi-staff">
      <Tool summary={t('strategy.staff.addMeasurement')}>
        <MeasurementForm kpi={kpi} />
      </Tool>
      <Tool summary={t('strategy.staff.editKpi')}>
        <KpiEditForm kpi={kpi} />
      </Tool>
      <DeleteButton kind="kpi" code={kpi.code} />
    </StaffPanel>
  );
}

function MeasurementForm({ kpi }: { kpi: KpiDetail }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const add = useAddMeasurement(tenant!, kpi.code);
  const form = useStaffForm(
    add,
    { date: today(), value: '', source: '', note: '' },
    {
      check: (c, f) => c.date('date', f.date, true).number('value', f.value, { required: true }).maxLength('source', f.source, 500).maxLength('note', f.note, 500),
      send: (f, patch) =>
        add.mutate(
          { date: f.date, value: num(f.value)!, ...(f.source.trim() ? { source: f.source.trim() } : {}), ...(f.note.trim() ? { note: f.note.trim() } : {}) },
          { onSuccess: () => patch({ value: '' }) },
        ),
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} success={t('strategy.staff.measurementAdded')} submit={t('strategy.staff.addMeasurement')}>
      <Field label={t('strategy.kpi.date')} type="date" {...bind('date')} required />
      <Field label={`${t('strategy.kpi.value')}${kpi.unit ? ` (${unitLabel(kpi.unit, i18n.language)})` : ''}`} {...bind('value')} inputMode="decimal" required />
      <Field label={t('strategy.kpi.source')} {...bind('source')} />
      <Field label={t('strategy.kpi.note')} {...bind('note')} />
    </StaffForm>
  );
}

/**
 * The editorial note is staff-only and never in the KPI's public response, so the form waits for the staff
 * notes endpoint before it opens: a form filled from the public response would clear the note on save.
 */
function KpiEditForm({ kpi }: { kpi: KpiDetail }) {
  const { tenant } = useParams();
  const notes = useEditorialNotes(tenant, true);
  if (notes.isPending) return <Loading />;
  if (notes.isError) return <LoadError onRetry={() => void notes.refetch()} />;
  return <KpiEditFields kpi={kpi} note={notes.data.get(`kpi:${kpi.code}`) ?? ''} />;
}

function KpiEditFields({ kpi, note }: { kpi: KpiDetail; note: string }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdateKpi(tenant!, kpi.code);
  const form = useStaffForm(
    update,
    {
      nameRo: kpi.name.ro,
      nameEn: kpi.name.en ?? '',
      nameHu: kpi.name.hu ?? '',
      unit: kpi.unit ?? '',
      level: kpi.level as KpiLevel,
      direction: kpi.direction as KpiDirection,
      baselineAvailable: kpi.baseline.available,
      baselineValue: shown(kpi.baseline.value),
      baselineYear: kpi.baseline.year ? String(kpi.baseline.year) : '',
      baselineSource: kpi.baseline.source ?? '',
      targetKind: kpi.target.kind as TargetKind,
      targetValue: shown(kpi.target.value),
      targetYear: kpi.target.year ? String(kpi.target.year) : '',
      remarkRo: kpi.remark?.ro ?? '',
      remarkEn: kpi.remark?.en ?? '',
      remarkHu: kpi.remark?.hu ?? '',
      note,
      automaticMetric: kpi.automatic?.metric ?? '',
    },
    {
      check: (c, f) =>
        c
          .required('name.ro', f.nameRo)
          .number('baseline.value', f.baselineValue)
          .number('baseline.year', f.baselineYear, { min: 1900, max: 2100, integer: true })
          .maxLength('baseline.source', f.baselineSource, 500)
          .number('target.value', f.targetValue)
          .number('target.year', f.targetYear, { min: 1900, max: 2100, integer: true })
          .maxLength('note', f.note, 4000)
          // a remark needs the city's language first
          .required('remark.ro', f.remarkEn.trim() || f.remarkHu.trim() ? f.remarkRo : 'x'),
      send: (f) => {
        const baseline = {
          available: f.baselineAvailable,
          value: f.baselineAvailable ? (num(f.baselineValue) ?? null) : null,
          // The source's own wording is kept while the value is left as it was.
          ...(kpi.baseline.text && f.baselineValue === shown(kpi.baseline.value) ? { text: kpi.baseline.text } : {}),
          ...(f.baselineYear ? { year: Number(f.baselineYear) } : {}),
          ...(f.baselineSource.trim() ? { source: f.baselineSource.trim() } : {}),
        };
        const target = {
          kind: f.targetKind,
          value: f.targetKind === 'none' ? null : (num(f.targetValue) ?? null),
          ...(kpi.target.text && f.targetValue === shown(kpi.target.value) ? { text: kpi.target.text } : {}),
          ...(f.targetYear ? { year: Number(f.targetYear) } : {}),
        };
        update.mutate({
          name: multiloc(f.nameRo, f.nameEn, f.nameHu),
          unit: f.unit || null,
          level: f.level,
          direction: f.direction,
          baseline,
          target,
          remark: f.remarkRo.trim() ? multiloc(f.remarkRo, f.remarkEn, f.remarkHu) : null,
          // Only a note the staff member changed is sent, so saving can never clear one by accident.
          ...(f.note.trim() !== note.trim() ? { note: f.note.trim() || null } : {}),
          automaticMetric: f.automaticMetric || null,
        });
      },
    },
  );
  const { f, bind } = form;
  const metrics = useMetrics(tenant);
  const chosen = metrics.data?.items.find((m) => m.name === f.automaticMetric);
  return (
    <StaffForm form={form} success={t('strategy.staff.saved')} submit={t('strategy.staff.save')}>
      <LocalisedFields base="name" bind={bind} />
      <SelectField label={t('strategy.staff.metric')} hint={chosen ? `${chosen.description} (${chosen.unit})` : t('strategy.staff.metricHint')} {...bind('automaticMetric')}>
        <option value="">{t('strategy.staff.metricNone')}</option>
        {(metrics.data?.items ?? []).map((m) => (
          <option key={m.name} value={m.name}>
            {m.name} — {m.unit}
          </option>
        ))}
      </SelectField>
      <UnitSelect current={kpi.unit} {...bind('unit')} />
      <KpiClassFields bind={bind} />
      <fieldset>
        <legend>{t('strategy.kpi.baseline')}</legend>
        <div className="checkbox">
          <label>
            <input type="checkbox" checked={f.baselineAvailable} onChange={(e) => form.patch({ baselineAvailable: e.target.checked })} /> {t('strategy.staff.baselineAvailable')}
          </label>
        </div>
        <Field label={t('strategy.kpi.value')} {...bind('baselineValue', 'baseline.value')} inputMode="decimal" />
        <Field label={t('strategy.pillar.year')} {...bind('baselineYear', 'baseline.year')} inputMode="numeric" />
        <Field label={t('strategy.kpi.source')} {...bind('baselineSource', 'baseline.source')} />
      </fieldset>
      <fieldset>
        <legend>{t('strategy.kpi.target')}</legend>
        <SelectField label={t('strategy.targetKind.label')} {...bind('targetKind', 'target.kind')}>
          <Options values={TARGET_KINDS} prefix="strategy.targetKind" />
        </SelectField>
        <Field label={t('strategy.kpi.value')} {...bind('targetValue', 'target.value')} inputMode="decimal" />
        <Field label={t('strategy.pillar.year')} {...bind('targetYear', 'target.year')} inputMode="numeric" />
      </fieldset>
      <LocalisedFields base="remark" bind={bind} required={false} />
      <TextAreaField label={t('content.editorialNote')} hint={t('content.editorialNoteHint')} {...bind('note')} lang="en" />
    </StaffForm>
  );
}
