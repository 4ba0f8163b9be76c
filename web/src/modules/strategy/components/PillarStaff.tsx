import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { pick } from '../../../i18n';
import { useUpdateObjective, useUpdatePillar } from '../api/mutations';
import { DIMENSIONS, type Dimension, type TreeObjective, type TreePillar } from '../api/types';
import { Options, SelectField, TextAreaField } from './FormFields';
import { LocalisedFields, multiloc, StaffForm, StaffPanel, Tool, useStaffForm } from './StaffForm';

/** Staff tools on an ambition page: edit the ambition and each of its objectives. */
export function PillarStaffPanel({ pillar }: { pillar: TreePillar }) {
  const { t, i18n } = useTranslation();
  return (
    <StaffPanel id="pillar-staff">
      <Tool summary={t('strategy.staff.editPillar')}>
        <PillarForm pillar={pillar} />
      </Tool>
      {pillar.children.map((c) => (
        <Tool key={c.code} summary={`${t('strategy.staff.edit')}: ${c.code} ${pick(c.title, i18n.language)}`}>
          <ObjectiveForm objective={c} />
        </Tool>
      ))}
    </StaffPanel>
  );
}

function PillarForm({ pillar }: { pillar: TreePillar }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdatePillar(tenant!, pillar.code);
  const form = useStaffForm(
    update,
    { titleRo: pillar.title.ro, titleEn: pillar.title.en ?? '', titleHu: pillar.title.hu ?? '', dimension: pillar.dimension as Dimension, diagnosisRo: pillar.diagnosis?.ro ?? '' },
    {
      check: (c, f) => c.required('title.ro', f.titleRo),
      send: (f) =>
        update.mutate({
          title: multiloc(f.titleRo, f.titleEn, f.titleHu),
          dimension: f.dimension,
          diagnosis: f.diagnosisRo.trim() ? { ...(pillar.diagnosis ?? {}), ro: f.diagnosisRo.trim() } : null,
        }),
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} success={t('strategy.staff.saved')} submit={t('strategy.staff.save')}>
      <LocalisedFields base="title" bind={bind} />
      <SelectField label={t('strategy.dimension.label')} {...bind('dimension')}>
        <Options values={DIMENSIONS} prefix="strategy.dimension" />
      </SelectField>
      <TextAreaField label={t('strategy.staff.diagnosisRo')} {...bind('diagnosisRo', 'diagnosis.ro')} lang="ro" />
    </StaffForm>
  );
}

function ObjectiveForm({ objective }: { objective: TreeObjective }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const update = useUpdateObjective(tenant!, objective.code);
  const form = useStaffForm(
    update,
    { titleRo: objective.title.ro, titleEn: objective.title.en ?? '', titleHu: objective.title.hu ?? '', descriptionRo: objective.description?.ro ?? '' },
    {
      check: (c, f) => c.required('title.ro', f.titleRo),
      send: (f) =>
        update.mutate({
          title: multiloc(f.titleRo, f.titleEn, f.titleHu),
          description: f.descriptionRo.trim() ? { ...(objective.description ?? {}), ro: f.descriptionRo.trim() } : null,
        }),
    },
  );
  const { bind } = form;
  return (
    <StaffForm form={form} success={t('strategy.staff.saved')} submit={t('strategy.staff.save')}>
      <LocalisedFields base="title" bind={bind} />
      <TextAreaField label={t('strategy.staff.descriptionRo')} {...bind('descriptionRo', 'description.ro')} lang="ro" />
    </StaffForm>
  );
}
