import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { pick } from '../../../i18n';
import { useUpdateObjective, useUpdatePillar } from '../api/mutations';
import { DIMENSIONS, type Dimension, type Multiloc, type TreeObjective, type TreePillar } from '../api/types';
import { Checks } from '../validate';
import { SelectField, TextAreaField } from './FormFields';

function multiloc(ro: string, en: string, hu: string): Multiloc {
  return { ro: ro.trim(), ...(en.trim() ? { en: en.trim() } : {}), ...(hu.trim() ? { hu: hu.trim() } : {}) };
}

/** Staff tools on an ambition page: edit the ambition and each of its objectives. */
export function PillarStaffPanel({ pillar }: { pillar: TreePillar }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="staff-panel" aria-labelledby="pillar-staff">
      <h2 id="pillar-staff">{t('strategy.staff.title')}</h2>
      <details>
        <summary>{t('strategy.staff.editPillar')}</summary>
        <PillarForm pillar={pillar} />
      </details>
      {pillar.children.map((c) => (
        <details key={c.code}>
          <summary>
            {t('strategy.staff.edit')}: {c.code} {pick(c.title, i18n.language)}
          </summary>
          <ObjectiveForm objective={c} />
        </details>
      ))}
    </section>
  );
}

function PillarForm({ pillar }: { pillar: TreePillar }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdatePillar(tenant!, pillar.code);
  const [f, setF] = useState({
    titleRo: pillar.title.ro,
    titleEn: pillar.title.en ?? '',
    titleHu: pillar.title.hu ?? '',
    dimension: pillar.dimension as Dimension,
    diagnosisRo: pillar.diagnosis?.ro ?? '',
  });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? update.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).required('title.ro', f.titleRo).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    update.mutate({
      title: multiloc(f.titleRo, f.titleEn, f.titleHu),
      dimension: f.dimension,
      diagnosis: f.diagnosisRo.trim() ? { ...(pillar.diagnosis ?? {}), ro: f.diagnosisRo.trim() } : null,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={update.isSuccess && !local ? t('strategy.staff.saved') : undefined} />
      <Field label={t('strategy.staff.titleRo')} name="titleRo" lang="ro" required value={f.titleRo} onChange={set('titleRo')} error={fieldError(error, 'title.ro')} />
      <Field label={t('strategy.staff.titleEn')} name="titleEn" lang="en" value={f.titleEn} onChange={set('titleEn')} error={fieldError(error, 'title.en')} />
      <Field label={t('strategy.staff.titleHu')} name="titleHu" lang="hu" value={f.titleHu} onChange={set('titleHu')} error={fieldError(error, 'title.hu')} />
      <SelectField label={t('strategy.dimension.label')} name="dimension" value={f.dimension} onChange={set('dimension')} error={fieldError(error, 'dimension')}>
        {DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {t(`strategy.dimension.${d}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t('strategy.staff.diagnosisRo')} name="diagnosisRo" lang="ro" value={f.diagnosisRo} onChange={set('diagnosisRo')} error={fieldError(error, 'diagnosis.ro')} />
      <button type="submit" className="button button--primary" disabled={update.isPending}>
        {t('strategy.staff.save')}
      </button>
    </form>
  );
}

function ObjectiveForm({ objective }: { objective: TreeObjective }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdateObjective(tenant!, objective.code);
  const [f, setF] = useState({ titleRo: objective.title.ro, titleEn: objective.title.en ?? '', titleHu: objective.title.hu ?? '', descriptionRo: objective.description?.ro ?? '' });
  const [local, setLocal] = useState<unknown>();
  const error = local ?? update.error;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      new Checks(t).required('title.ro', f.titleRo).done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    update.mutate({
      title: multiloc(f.titleRo, f.titleEn, f.titleHu),
      description: f.descriptionRo.trim() ? { ...(objective.description ?? {}), ro: f.descriptionRo.trim() } : null,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormMessage error={error} success={update.isSuccess && !local ? t('strategy.staff.saved') : undefined} />
      <Field label={t('strategy.staff.titleRo')} name="titleRo" lang="ro" required value={f.titleRo} onChange={set('titleRo')} error={fieldError(error, 'title.ro')} />
      <Field label={t('strategy.staff.titleEn')} name="titleEn" lang="en" value={f.titleEn} onChange={set('titleEn')} error={fieldError(error, 'title.en')} />
      <Field label={t('strategy.staff.titleHu')} name="titleHu" lang="hu" value={f.titleHu} onChange={set('titleHu')} error={fieldError(error, 'title.hu')} />
      <TextAreaField label={t('strategy.staff.descriptionRo')} name="descriptionRo" lang="ro" value={f.descriptionRo} onChange={set('descriptionRo')} error={fieldError(error, 'description.ro')} />
      <button type="submit" className="button button--primary" disabled={update.isPending}>
        {t('strategy.staff.save')}
      </button>
    </form>
  );
}
