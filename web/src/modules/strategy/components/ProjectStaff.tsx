import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { useAddTimelineEntry, useChangeProjectStatus, useUpdateProject } from '../api/mutations';
import { BUDGET_BASES, PRIORITIES, PROJECT_STATUSES, type BudgetBasis, type Priority, type ProjectDetail, type ProjectStatus } from '../api/types';
import { Checks, num, today } from '../validate';
import { SelectField, TextAreaField } from './FormFields';
import { DeleteButton } from './DeleteButton';

/** Staff tools on a project page: change the status with a public timeline note, edit the fields. */
export function ProjectStaffPanel({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  return (
    <section className="staff-panel" aria-labelledby="project-staff">
      <h2 id="project-staff">{t('strategy.staff.title')}</h2>
      <details>
        <summary>{t('strategy.staff.changeStatus')}</summary>
        <StatusForm project={project} />
      </details>
      <details>
        <summary>{t('strategy.staff.addTimeline')}</summary>
        <TimelineForm project={project} />
      </details>
      <details>
        <summary>{t('strategy.staff.editProject')}</summary>
        <ProjectEditForm project={project} />
      </details>
      <DeleteButton kind="project" code={project.code} />
    </section>
  );
}

function StatusForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const change = useChangeProjectStatus(tenant!, project.code);
  const [status, setStatus] = useState<ProjectStatus>(project.status);
  const [noteRo, setNoteRo] = useState('');
  const [noteEn, setNoteEn] = useState('');
  const [noteHu, setNoteHu] = useState('');
  const [date, setDate] = useState(today());
  const [progress, setProgress] = useState(project.progress === null ? '' : String(project.progress));
  const [local, setLocal] = useState<unknown>();
  const error = local ?? change.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).required('note.ro', noteRo).date('date', date).number('progress', progress, { min: 0, max: 100 }).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    const note = { ro: noteRo.trim(), ...(noteEn.trim() ? { en: noteEn.trim() } : {}), ...(noteHu.trim() ? { hu: noteHu.trim() } : {}) };
    const p = num(progress);
    change.mutate(
      { status, note, ...(date ? { date } : {}), ...(p !== undefined ? { progress: p } : {}) },
      {
        onSuccess: () => {
          setNoteRo('');
          setNoteEn('');
          setNoteHu('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={change.isSuccess && !local ? t('strategy.staff.statusChanged') : undefined} />
      <SelectField label={t('strategy.staff.newStatus')} name="status" value={status} onChange={(e) => setStatus(e.target.value as ProjectStatus)} error={fieldError(error, 'status')}>
        {PROJECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`strategy.status.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t('strategy.staff.statusNote')}
        hint={t('strategy.staff.statusNoteHint')}
        name="noteRo"
        lang="ro"
        required
        value={noteRo}
        onChange={(e) => setNoteRo(e.target.value)}
        error={fieldError(error, 'note.ro')}
      />
      <Field label={t('strategy.staff.noteEn')} name="noteEn" lang="en" value={noteEn} onChange={(e) => setNoteEn(e.target.value)} error={fieldError(error, 'note.en')} />
      <Field label={t('strategy.staff.noteHu')} name="noteHu" lang="hu" value={noteHu} onChange={(e) => setNoteHu(e.target.value)} error={fieldError(error, 'note.hu')} />
      <Field label={t('strategy.kpi.date')} type="date" name="date" value={date} onChange={(e) => setDate(e.target.value)} error={fieldError(error, 'date')} />
      <Field label={t('strategy.staff.progress')} name="progress" inputMode="decimal" value={progress} onChange={(e) => setProgress(e.target.value)} error={fieldError(error, 'progress')} />
      <button type="submit" className="button button--primary" disabled={change.isPending}>
        {t('strategy.staff.changeStatus')}
      </button>
    </form>
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
  const [f, setF] = useState({
    titleRo: project.title.ro,
    titleEn: project.title.en ?? '',
    titleHu: project.title.hu ?? '',
    descriptionRo: project.description?.ro ?? '',
    priority: (project.priority ?? '') as Priority | '',
    budgetAmount: project.budget.amount === null ? '' : String(project.budget.amount),
    budgetBasis: project.budget.basis as BudgetBasis,
    horizon: project.horizon ?? '',
    responsible: project.responsible ?? '',
    partners: project.partners ?? '',
    progress: project.progress === null ? '' : String(project.progress),
    lat: lat0,
    lon: lon0,
  });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? update.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const nonPointLocation = project.location && project.location.type !== 'Point';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = new Checks(t)
      .required('title.ro', f.titleRo)
      .number('budget.amount', f.budgetAmount, { min: 0 })
      .maxLength('horizon', f.horizon, 500)
      .maxLength('responsible', f.responsible, 500)
      .maxLength('partners', f.partners, 4000)
      .number('progress', f.progress, { min: 0, max: 100 })
      .number('location.lat', f.lat, { min: -90, max: 90 })
      .number('location.lon', f.lon, { min: -180, max: 180 });
    if ((f.lat.trim() === '') !== (f.lon.trim() === '')) c.errors.push({ field: 'location', message: t('strategy.staff.locationHint') });
    try {
      c.done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    const title = { ro: f.titleRo.trim(), ...(f.titleEn.trim() ? { en: f.titleEn.trim() } : {}), ...(f.titleHu.trim() ? { hu: f.titleHu.trim() } : {}) };
    const description = f.descriptionRo.trim() ? { ...(project.description ?? {}), ro: f.descriptionRo.trim() } : null;
    const lat = num(f.lat);
    const lon = num(f.lon);
    const body: Record<string, unknown> = {
      title,
      description,
      priority: f.priority || null,
      budget: { amount: num(f.budgetAmount) ?? null, currency: 'EUR', basis: f.budgetBasis, ...(project.budget.text && f.budgetAmount === (project.budget.amount === null ? '' : String(project.budget.amount)) ? { text: project.budget.text } : {}) },
      horizon: f.horizon.trim() || null,
      responsible: f.responsible.trim() || null,
      partners: f.partners.trim() || null,
      progress: num(f.progress) ?? null,
    };
    // An area drawn elsewhere is kept as it is; the form only edits a point.
    if (!nonPointLocation) body.location = lat !== undefined && lon !== undefined ? { type: 'Point', coordinates: [lon, lat] } : null;
    update.mutate(body);
  };

  const locError = fieldError(error, 'location') ?? fieldError(error, 'location.coordinates');
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={update.isSuccess && !local ? t('strategy.staff.saved') : undefined} />
      <Field label={t('strategy.staff.titleRo')} name="titleRo" lang="ro" required value={f.titleRo} onChange={set('titleRo')} error={fieldError(error, 'title.ro')} />
      <Field label={t('strategy.staff.titleEn')} name="titleEn" lang="en" value={f.titleEn} onChange={set('titleEn')} error={fieldError(error, 'title.en')} />
      <Field label={t('strategy.staff.titleHu')} name="titleHu" lang="hu" value={f.titleHu} onChange={set('titleHu')} error={fieldError(error, 'title.hu')} />
      <TextAreaField label={t('strategy.staff.descriptionRo')} name="descriptionRo" lang="ro" value={f.descriptionRo} onChange={set('descriptionRo')} error={fieldError(error, 'description.ro')} />
      <SelectField label={t('strategy.priority.label')} name="priority" value={f.priority} onChange={set('priority')} error={fieldError(error, 'priority')}>
        <option value="">{t('strategy.priority.none')}</option>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`strategy.priority.${p}`)}
          </option>
        ))}
      </SelectField>
      <Field label={t('strategy.staff.budgetAmount')} name="budgetAmount" inputMode="decimal" value={f.budgetAmount} onChange={set('budgetAmount')} error={fieldError(error, 'budget.amount')} />
      <SelectField label={t('strategy.staff.budgetBasis')} name="budgetBasis" value={f.budgetBasis} onChange={set('budgetBasis')} error={fieldError(error, 'budget.basis')}>
        {BUDGET_BASES.map((b) => (
          <option key={b} value={b}>
            {t(`strategy.basis.${b}`)}
          </option>
        ))}
      </SelectField>
      <Field label={t('strategy.project.horizon')} name="horizon" value={f.horizon} onChange={set('horizon')} error={fieldError(error, 'horizon')} />
      <Field label={t('strategy.project.responsible')} name="responsible" value={f.responsible} onChange={set('responsible')} error={fieldError(error, 'responsible')} />
      <TextAreaField label={t('strategy.project.partners')} name="partners" value={f.partners} onChange={set('partners')} error={fieldError(error, 'partners')} />
      <Field label={t('strategy.staff.progress')} name="progress" inputMode="decimal" value={f.progress} onChange={set('progress')} error={fieldError(error, 'progress')} />
      {nonPointLocation ? null : (
        <fieldset>
          <legend>{t('strategy.project.location')}</legend>
          <p className="field__hint">{t('strategy.staff.locationHint')}</p>
          {locError ? <p className="field__error">{locError}</p> : null}
          <Field label={t('strategy.staff.lat')} name="lat" inputMode="decimal" value={f.lat} onChange={set('lat')} error={fieldError(error, 'location.lat')} />
          <Field label={t('strategy.staff.lon')} name="lon" inputMode="decimal" value={f.lon} onChange={set('lon')} error={fieldError(error, 'location.lon')} />
        </fieldset>
      )}
      <button type="submit" className="button button--primary" disabled={update.isPending}>
        {t('strategy.staff.save')}
      </button>
    </form>
  );
}

function TimelineForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const add = useAddTimelineEntry(tenant!, project.code);
  const [text, setText] = useState('');
  const [date, setDate] = useState(today());
  const [local, setLocal] = useState<unknown>();
  const error = local ?? add.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).required('text.ro', text).date('date', date).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    add.mutate({ text: { ro: text.trim() }, ...(date ? { date } : {}) }, { onSuccess: () => setText('') });
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={add.isSuccess && !local ? t('strategy.staff.timelineAdded') : undefined} />
      <TextAreaField label={t('strategy.staff.timelineText')} name="text" lang="ro" required value={text} onChange={(e) => setText(e.target.value)} error={fieldError(error, 'text.ro')} />
      <Field label={t('strategy.kpi.date')} type="date" name="date" value={date} onChange={(e) => setDate(e.target.value)} error={fieldError(error, 'date')} />
      <button type="submit" className="button button--primary" disabled={add.isPending}>
        {t('strategy.staff.addTimeline')}
      </button>
    </form>
  );
}
