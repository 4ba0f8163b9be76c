import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { pick } from '../../../i18n';
import { useCreateKpi, useCreateProject } from '../api/mutations';
import { PROJECT_STATUSES, TARGET_KINDS, type KpiDirection, type KpiLevel, type ProjectStatus, type StrategyTree, type TargetKind } from '../api/types';
import { codeSegment } from '../format';
import { type Checks, num } from '../validate';
import { CodeOptions, KpiClassFields, Options, SelectField, UnitSelect } from './FormFields';
import { StaffForm, useStaffForm } from './StaffForm';

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
          <CodeOptions items={[p, ...p.children]} />
        </optgroup>
      ))}
    </>
  );
}

/** "Created: <link to the new page>" */
function Created({ path, code }: { path: 'projects' | 'kpis'; code: string | undefined }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  return (
    <>
      {t('strategy.staff.created')} <Link to={`/${tenant}/${path}/${codeSegment(code ?? '')}`}>{code}</Link>
    </>
  );
}

export function CreateProjectForm({ tree }: { tree: StrategyTree }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const create = useCreateProject(tenant!);
  const form = useStaffForm(
    create,
    { code: '', titleRo: '', parent: tree.pillars[0]?.code ?? '', status: 'idea' as ProjectStatus },
    {
      check: (c, f) => {
        codeCheck(c, t, f.code);
        c.required('title.ro', f.titleRo).required('parent', f.parent);
      },
      send: (f) => create.mutate({ code: f.code.trim(), title: { ro: f.titleRo.trim() }, parent: f.parent, status: f.status }),
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} className="panel" title={t('strategy.staff.newProject')} submit={t('strategy.staff.newProject')} success={<Created path="projects" code={create.data?.code} />}>
      <Field label={t('strategy.common.code')} hint={t('strategy.staff.codeHint')} {...bind('code')} required />
      <Field label={t('strategy.staff.titleRo')} {...bind('titleRo', 'title.ro')} lang="ro" required />
      <SelectField label={t('strategy.project.parent')} {...bind('parent')} required>
        <ContainerOptions tree={tree} />
      </SelectField>
      <SelectField label={t('strategy.status.label')} {...bind('status')}>
        <Options values={PROJECT_STATUSES} prefix="strategy.status" />
      </SelectField>
    </StaffForm>
  );
}

export function CreateKpiForm({ tree }: { tree: StrategyTree }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const create = useCreateKpi(tenant!);
  const form = useStaffForm(
    create,
    {
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
    },
    {
      check: (c, f) => {
        codeCheck(c, t, f.code);
        c.required('name.ro', f.nameRo)
          .required('scope', f.scope)
          .number('baseline.value', f.baselineValue)
          .number('baseline.year', f.baselineYear, { min: 1900, max: 2100, integer: true })
          .number('target.value', f.targetValue)
          .number('target.year', f.targetYear, { min: 1900, max: 2100, integer: true });
      },
      send: (f) => {
        const bv = num(f.baselineValue);
        create.mutate({
          code: f.code.trim(),
          name: { ro: f.nameRo.trim() },
          scope: f.scope,
          level: f.level,
          direction: f.direction,
          ...(f.unit ? { unit: f.unit } : {}),
          // No baseline typed means "not available", never a made-up 0.
          baseline: { available: bv !== undefined, value: bv ?? null, ...(f.baselineYear ? { year: Number(f.baselineYear) } : {}) },
          target: { kind: f.targetKind, value: f.targetKind === 'none' ? null : (num(f.targetValue) ?? null), ...(f.targetYear ? { year: Number(f.targetYear) } : {}) },
        });
      },
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} className="panel" title={t('strategy.staff.newKpi')} submit={t('strategy.staff.newKpi')} success={<Created path="kpis" code={create.data?.code} />}>
      <Field label={t('strategy.common.code')} hint={t('strategy.staff.codeHint')} {...bind('code')} required />
      <Field label={t('strategy.staff.nameRo')} {...bind('nameRo', 'name.ro')} lang="ro" required />
      <SelectField label={t('strategy.kpi.scope')} {...bind('scope')} required>
        <ContainerOptions tree={tree} />
      </SelectField>
      <KpiClassFields bind={bind} />
      <UnitSelect {...bind('unit')} />
      <Field label={`${t('strategy.kpi.baseline')} (${t('strategy.kpi.value')})`} hint={t('strategy.staff.baselineHint')} {...bind('baselineValue', 'baseline.value')} inputMode="decimal" />
      <Field label={`${t('strategy.kpi.baseline')} (${t('strategy.pillar.year')})`} {...bind('baselineYear', 'baseline.year')} inputMode="numeric" />
      <SelectField label={t('strategy.targetKind.label')} {...bind('targetKind', 'target.kind')}>
        <Options values={TARGET_KINDS} prefix="strategy.targetKind" />
      </SelectField>
      <Field label={`${t('strategy.kpi.target')} (${t('strategy.kpi.value')})`} {...bind('targetValue', 'target.value')} inputMode="decimal" />
      <Field label={`${t('strategy.kpi.target')} (${t('strategy.pillar.year')})`} {...bind('targetYear', 'target.year')} inputMode="numeric" />
    </StaffForm>
  );
}
