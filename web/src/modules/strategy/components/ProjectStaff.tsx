import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { fieldError } from '../../../components/FormMessage';
import { useAddTimelineEntry, useChangeProjectStatus, useUpdateProject } from '../api/mutations';
import { BUDGET_BASES, PRIORITIES, PROJECT_STATUSES, type BudgetBasis, type Priority, type ProjectDetail } from '../api/types';
import { num, today } from '../validate';
import { Options, SelectField, TextAreaField } from './FormFields';
import { DeleteButton } from './DeleteButton';
import { cornersOf, PlaceDrawer, type PlaceMode, polygonOf } from './PlaceDrawer';
import { LocalisedFields, multiloc, shown, StaffForm, StaffPanel, Tool, useStaffForm } from './StaffForm';

/** Staff tools on a project page: change the status with a public timeline note, edit the fields. */
export function ProjectStaffPanel({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  return (
    <StaffPanel id="project-staff">
      <Tool summary={t('strategy.staff.changeStatus')}>
        <StatusForm project={project} />
      </Tool>
      <Tool summary={t('strategy.staff.addTimeline')}>
        <TimelineForm project={project} />
      </Tool>
      <Tool summary={t('strategy.staff.editProject')}>
        <ProjectEditForm project={project} />
      </Tool>
      <DeleteButton kind="project" code={project.code} />
    </StaffPanel>
  );
}

function StatusForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const change = useChangeProjectStatus(tenant!, project.code);
  const form = useStaffForm(
    change,
    { status: project.status, noteRo: '', noteEn: '', noteHu: '', date: today(), progress: shown(project.progress) },
    {
      check: (c, f) => c.required('note.ro', f.noteRo).date('date', f.date).number('progress', f.progress, { min: 0, max: 100 }),
      send: (f, patch) => {
        const p = num(f.progress);
        change.mutate(
          { status: f.status, note: multiloc(f.noteRo, f.noteEn, f.noteHu), ...(f.date ? { date: f.date } : {}), ...(p !== undefined ? { progress: p } : {}) },
          { onSuccess: () => patch({ noteRo: '', noteEn: '', noteHu: '' }) },
        );
      },
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} success={t('strategy.staff.statusChanged')} submit={t('strategy.staff.changeStatus')}>
      <SelectField label={t('strategy.staff.newStatus')} {...bind('status')}>
        <Options values={PROJECT_STATUSES} prefix="strategy.status" />
      </SelectField>
      <TextAreaField label={t('strategy.staff.statusNote')} hint={t('strategy.staff.statusNoteHint')} {...bind('noteRo', 'note.ro')} lang="ro" required />
      <Field label={t('strategy.staff.noteEn')} {...bind('noteEn', 'note.en')} lang="en" />
      <Field label={t('strategy.staff.noteHu')} {...bind('noteHu', 'note.hu')} lang="hu" />
      <Field label={t('strategy.kpi.date')} type="date" {...bind('date')} />
      <Field label={t('strategy.staff.progress')} {...bind('progress')} inputMode="decimal" />
    </StaffForm>
  );
}

function pointOf(project: ProjectDetail): [string, string] {
  if (project.location?.type === 'Point') return [String(project.location.coordinates[1]), String(project.location.coordinates[0])];
  return ['', ''];
}

function ProjectEditForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdateProject(tenant!, project.code);
  const [lat0, lon0] = pointOf(project);
  // a Point or a Polygon is edited here; another shape (a line from an imported document) is kept as it is
  const otherShape = project.location && project.location.type !== 'Point' && project.location.type !== 'Polygon';
  const [mode, setMode] = useState<PlaceMode>(project.location?.type === 'Polygon' ? 'area' : 'point');
  const [corners, setCorners] = useState<[number, number][]>(() => cornersOf(project.location));
  const form = useStaffForm(
    update,
    {
      titleRo: project.title.ro,
      titleEn: project.title.en ?? '',
      titleHu: project.title.hu ?? '',
      descriptionRo: project.description?.ro ?? '',
      priority: (project.priority ?? '') as Priority | '',
      budgetAmount: shown(project.budget.amount),
      budgetBasis: project.budget.basis as BudgetBasis,
      horizon: project.horizon ?? '',
      responsible: project.responsible ?? '',
      partners: project.partners ?? '',
      progress: shown(project.progress),
      lat: lat0,
      lon: lon0,
    },
    {
      check: (c, f) => {
        c.required('title.ro', f.titleRo)
          .number('budget.amount', f.budgetAmount, { min: 0 })
          .maxLength('horizon', f.horizon, 500)
          .maxLength('responsible', f.responsible, 500)
          .maxLength('partners', f.partners, 4000)
          .number('progress', f.progress, { min: 0, max: 100 })
          .number('location.lat', f.lat, { min: -90, max: 90 })
          .number('location.lon', f.lon, { min: -180, max: 180 });
        if (mode === 'point' && (f.lat.trim() === '') !== (f.lon.trim() === '')) c.errors.push({ field: 'location', message: t('strategy.staff.locationHint') });
        if (mode === 'area' && corners.length > 0 && corners.length < 3) c.errors.push({ field: 'location', message: t('strategy.place.tooFew') });
      },
      send: (f) => {
        const lat = num(f.lat);
        const lon = num(f.lon);
        const body: Parameters<typeof update.mutate>[0] = {
          title: multiloc(f.titleRo, f.titleEn, f.titleHu),
          description: f.descriptionRo.trim() ? { ...(project.description ?? {}), ro: f.descriptionRo.trim() } : null,
          priority: f.priority || null,
          budget: { amount: num(f.budgetAmount) ?? null, currency: 'EUR', basis: f.budgetBasis, ...(project.budget.text && f.budgetAmount === shown(project.budget.amount) ? { text: project.budget.text } : {}) },
          horizon: f.horizon.trim() || null,
          responsible: f.responsible.trim() || null,
          partners: f.partners.trim() || null,
          progress: num(f.progress) ?? null,
        };
        if (!otherShape) body.location = mode === 'area' ? polygonOf(corners) : lat !== undefined && lon !== undefined ? { type: 'Point', coordinates: [lon, lat] } : null;
        update.mutate(body);
      },
    },
  );
  const { bind, f, patch } = form;
  const locError = fieldError(form.error, 'location') ?? fieldError(form.error, 'location.coordinates') ?? outsideError(form.error, t);
  const point: [number, number] | null = num(f.lat) !== undefined && num(f.lon) !== undefined ? [num(f.lat)!, num(f.lon)!] : null;
  return (
    <StaffForm form={form} success={t('strategy.staff.saved')} submit={t('strategy.staff.save')}>
      <LocalisedFields base="title" bind={bind} />
      <TextAreaField label={t('strategy.staff.descriptionRo')} {...bind('descriptionRo', 'description.ro')} lang="ro" />
      <SelectField label={t('strategy.priority.label')} {...bind('priority')}>
        <option value="">{t('strategy.priority.none')}</option>
        <Options values={PRIORITIES} prefix="strategy.priority" />
      </SelectField>
      <Field label={t('strategy.staff.budgetAmount')} {...bind('budgetAmount', 'budget.amount')} inputMode="decimal" />
      <SelectField label={t('strategy.staff.budgetBasis')} {...bind('budgetBasis', 'budget.basis')}>
        <Options values={BUDGET_BASES} prefix="strategy.basis" />
      </SelectField>
      <Field label={t('strategy.project.horizon')} {...bind('horizon')} />
      <Field label={t('strategy.project.responsible')} {...bind('responsible')} />
      <TextAreaField label={t('strategy.project.partners')} {...bind('partners')} />
      <Field label={t('strategy.staff.progress')} {...bind('progress')} inputMode="decimal" />
      {otherShape ? null : (
        <fieldset>
          <legend>{t('strategy.project.location')}</legend>
          <p className="field__hint">{t('strategy.staff.locationHint')}</p>
          {locError ? <p className="field__error">{locError}</p> : null}
          <PlaceDrawer mode={mode} onMode={setMode} point={point} onPoint={([lat, lon]) => patch({ lat: lat.toFixed(6), lon: lon.toFixed(6) })} corners={corners} onCorners={setCorners} />
          {mode === 'point' ? (
            <>
              <Field label={t('strategy.staff.lat')} {...bind('lat', 'location.lat')} inputMode="decimal" />
              <Field label={t('strategy.staff.lon')} {...bind('lon', 'location.lon')} inputMode="decimal" />
            </>
          ) : null}
        </fieldset>
      )}
    </StaffForm>
  );
}

function TimelineForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const add = useAddTimelineEntry(tenant!, project.code);
  const form = useStaffForm(
    add,
    { text: '', date: today() },
    {
      check: (c, f) => c.required('text.ro', f.text).date('date', f.date),
      send: (f, patch) => add.mutate({ text: { ro: f.text.trim() }, ...(f.date ? { date: f.date } : {}) }, { onSuccess: () => patch({ text: '' }) }),
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} success={t('strategy.staff.timelineAdded')} submit={t('strategy.staff.addTimeline')}>
      <TextAreaField label={t('strategy.staff.timelineText')} {...bind('text', 'text.ro')} lang="ro" required />
      <Field label={t('strategy.kpi.date')} type="date" {...bind('date')} />
    </StaffForm>
  );
}

/** The server's "outside the city" refusal names a corner (location.coordinates.0.3): shown once, by the map. */
function outsideError(error: unknown, t: (k: string) => string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.some((e) => e.field.startsWith('location.coordinates.')) ? t('strategy.place.outside') : undefined;
}
