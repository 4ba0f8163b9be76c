import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { pick } from '../../../i18n';
import { useCreateKpi, useCreateProject } from '../api/mutations';
import { KPI_DIRECTIONS, KPI_LEVELS, PROJECT_STATUSES, TARGET_KINDS, type KpiDirection, type KpiLevel, type ProjectStatus, type StrategyTree, type TargetKind } from '../api/types';
import { codeSegment } from '../format';
import { Checks, num } from '../validate';
import { SelectField } from './FormFields';

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function codeCheck(c: Checks, t: (k: string) => string, code: string) {
  c.required('code', code).maxLength('code', code, 40);
  if (code.trim() && !CODE_RE.test(code.trim())) c.errors.push({ field: 'code', message: t('strategy.validate.code') });
}

/** Where a new project or KPI can hang: every ambition and each of its objectives. */
function ContainerOptions({ tree }: { tree: StrategyTree }) {
  const { i18n } = useTranslation();
  return (
    <>
      {tree.pillars.map((p) => (
        <optgroup key={p.code} label={`${p.code} ${pick(p.title, i18n.language)}`}>
          <option value={p.code}>
            {p.code} {pick(p.title, i18n.language)}
          </option>
          {p.children.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} {pick(c.title, i18n.language)}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export function CreateProjectForm({ tree }: { tree: StrategyTree }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const create = useCreateProject(tenant!);
  const [f, setF] = useState({ code: '', titleRo: '', parent: tree.pillars[0]?.code ?? '', status: 'idea' as ProjectStatus });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? create.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = new Checks(t);
      codeCheck(c, t, f.code);
      c.required('title.ro', f.titleRo).required('parent', f.parent).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    create.mutate({ code: f.code.trim(), title: { ro: f.titleRo.trim() }, parent: f.parent, status: f.status });
  };
  return (
    <form onSubmit={submit} noValidate className="panel">
      <h3>{t('strategy.staff.newProject')}</h3>
      <FormMessage error={error} />
      {create.isSuccess && !local ? (
        <div className="notice notice--success" role="status">
          {t('strategy.staff.created')} <Link to={`/${tenant}/projects/${codeSegment(create.data.code)}`}>{create.data.code}</Link>
        </div>
      ) : null}
      <Field label={t('strategy.common.code')} hint={t('strategy.staff.codeHint')} name="code" required value={f.code} onChange={set('code')} error={fieldError(error, 'code')} />
      <Field label={t('strategy.staff.titleRo')} name="titleRo" lang="ro" required value={f.titleRo} onChange={set('titleRo')} error={fieldError(error, 'title.ro')} />
      <SelectField label={t('strategy.project.parent')} name="parent" required value={f.parent} onChange={set('parent')} error={fieldError(error, 'parent')}>
        <ContainerOptions tree={tree} />
      </SelectField>
      <SelectField label={t('strategy.status.label')} name="status" value={f.status} onChange={set('status')} error={fieldError(error, 'status')}>
        {PROJECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`strategy.status.${s}`)}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t('strategy.staff.newProject')}
      </button>
    </form>
  );
}

export function CreateKpiForm({ tree }: { tree: StrategyTree }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const create = useCreateKpi(tenant!);
  const [f, setF] = useState({
    code: '',
    nameRo: '',
    scope: tree.pillars[0]?.code ?? '',
    level: 'output' as KpiLevel,
    direction: 'increase' as KpiDirection,
    unit: '',
    baselineValue: '',
    baselineYear: '',
    targetKind: 'absolute' as TargetKind,
    targetValue: '',
    targetYear: '',
  });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? create.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = new Checks(t);
      codeCheck(c, t, f.code);
      c.required('name.ro', f.nameRo)
        .required('scope', f.scope)
        .maxLength('unit', f.unit, 500)
        .number('baseline.value', f.baselineValue)
        .number('baseline.year', f.baselineYear, { min: 1900, max: 2100, integer: true })
        .number('target.value', f.targetValue)
        .number('target.year', f.targetYear, { min: 1900, max: 2100, integer: true })
        .done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    const bv = num(f.baselineValue);
    create.mutate({
      code: f.code.trim(),
      name: { ro: f.nameRo.trim() },
      scope: f.scope,
      level: f.level,
      direction: f.direction,
      ...(f.unit.trim() ? { unit: f.unit.trim() } : {}),
      // No baseline typed means "not available", never a made-up 0.
      baseline: { available: bv !== undefined, value: bv ?? null, ...(f.baselineYear ? { year: Number(f.baselineYear) } : {}) },
      target: { kind: f.targetKind, value: f.targetKind === 'none' ? null : (num(f.targetValue) ?? null), ...(f.targetYear ? { year: Number(f.targetYear) } : {}) },
    });
  };
  return (
    <form onSubmit={submit} noValidate className="panel">
      <h3>{t('strategy.staff.newKpi')}</h3>
      <FormMessage error={error} />
      {create.isSuccess && !local ? (
        <div className="notice notice--success" role="status">
          {t('strategy.staff.created')} <Link to={`/${tenant}/kpis/${codeSegment(create.data.code)}`}>{create.data.code}</Link>
        </div>
      ) : null}
      <Field label={t('strategy.common.code')} hint={t('strategy.staff.codeHint')} name="code" required value={f.code} onChange={set('code')} error={fieldError(error, 'code')} />
      <Field label={t('strategy.staff.nameRo')} name="nameRo" lang="ro" required value={f.nameRo} onChange={set('nameRo')} error={fieldError(error, 'name.ro')} />
      <SelectField label={t('strategy.kpi.scope')} name="scope" required value={f.scope} onChange={set('scope')} error={fieldError(error, 'scope')}>
        <ContainerOptions tree={tree} />
      </SelectField>
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
      <Field label={t('strategy.kpi.unit')} name="unit" value={f.unit} onChange={set('unit')} error={fieldError(error, 'unit')} />
      <Field label={`${t('strategy.kpi.baseline')} (${t('strategy.kpi.value')})`} hint={t('strategy.staff.baselineHint')} name="baselineValue" inputMode="decimal" value={f.baselineValue} onChange={set('baselineValue')} error={fieldError(error, 'baseline.value')} />
      <Field label={`${t('strategy.kpi.baseline')} (${t('strategy.pillar.year')})`} name="baselineYear" inputMode="numeric" value={f.baselineYear} onChange={set('baselineYear')} error={fieldError(error, 'baseline.year')} />
      <SelectField label={t('strategy.targetKind.label')} name="targetKind" value={f.targetKind} onChange={set('targetKind')} error={fieldError(error, 'target.kind')}>
        {TARGET_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`strategy.targetKind.${k}`)}
          </option>
        ))}
      </SelectField>
      <Field label={`${t('strategy.kpi.target')} (${t('strategy.kpi.value')})`} name="targetValue" inputMode="decimal" value={f.targetValue} onChange={set('targetValue')} error={fieldError(error, 'target.value')} />
      <Field label={`${t('strategy.kpi.target')} (${t('strategy.pillar.year')})`} name="targetYear" inputMode="numeric" value={f.targetYear} onChange={set('targetYear')} error={fieldError(error, 'target.year')} />
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t('strategy.staff.newKpi')}
      </button>
    </form>
  );
}
