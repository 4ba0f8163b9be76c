import { type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { describedBy, FieldNotes } from '../../../components/Field';
import { pick } from '../../../i18n';
import { KPI_DIRECTIONS, KPI_LEVELS, type Multiloc } from '../api/types';
import { unitOptions } from '../format';
import type { Bound } from './StaffForm';

interface Common {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

function Wrap({ id, label, hint, error, required, children }: Common & { id: string; required?: boolean | undefined; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="visually-hidden"> *</span> : null}
      </label>
      <FieldNotes id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** A labelled select, wired like Field (hint and server error announced with it). */
export function SelectField({ label, hint, error, id, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <Wrap id={fieldId} label={label} hint={hint} error={error} required={select.required}>
      <select id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...select}>
        {children}
      </select>
    </Wrap>
  );
}

/** The unit of a KPI: a choice of unit codes (src/shared/units.ts) labelled in the viewer's language, or none. */
export function UnitSelect({ current, ...select }: Omit<Common, 'label'> & SelectHTMLAttributes<HTMLSelectElement> & { current?: string | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <SelectField label={t('strategy.kpi.unit')} {...select}>
      <option value="">{t('strategy.staff.unitNone')}</option>
      {unitOptions(current, i18n.language).map((u) => (
        <option key={u.code} value={u.code}>
          {u.label}
        </option>
      ))}
    </SelectField>
  );
}

/** A labelled textarea, wired like Field. */
export function TextAreaField({ label, hint, error, id, ...area }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <Wrap id={fieldId} label={label} hint={hint} error={error} required={area.required}>
      <textarea id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...area} />
    </Wrap>
  );
}

/** One option per value, labelled by its translation: `<Options values={KPI_LEVELS} prefix="strategy.level" />`. */
export function Options({ values, prefix }: { values: readonly string[]; prefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {t(`${prefix}.${v}`)}
        </option>
      ))}
    </>
  );
}

/** One option per ambition or objective: its code and its title in the reader's language. */
export function CodeOptions({ items }: { items: readonly { code: string; title: Multiloc }[] }) {
  const { i18n } = useTranslation();
  return (
    <>
      {items.map((i) => (
        <option key={i.code} value={i.code}>
          {i.code} {pick(i.title, i18n.language)}
        </option>
      ))}
    </>
  );
}

/** A KPI's level and direction, as the create and the edit form both ask for them. */
export function KpiClassFields({ bind }: { bind: (key: 'level' | 'direction') => Bound }) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField label={t('strategy.kpis.level')} {...bind('level')}>
        <Options values={KPI_LEVELS} prefix="strategy.level" />
      </SelectField>
      <SelectField label={t('strategy.direction.label')} {...bind('direction')}>
        <Options values={KPI_DIRECTIONS} prefix="strategy.direction" />
      </SelectField>
    </>
  );
}
