import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import { fieldError } from '../../../components/FormMessage';

type Text = { ro: string; en?: string | undefined; hu?: string | undefined };

/** The address and the ro/en/hu title and description of a process or survey as form values ('' when new). */
export function textsOf(initial: { slug: string; title: Text; description: Text } | undefined) {
  return {
    slug: initial?.slug ?? '',
    titleRo: initial?.title.ro ?? '',
    titleEn: initial?.title.en ?? '',
    titleHu: initial?.title.hu ?? '',
    descriptionRo: initial?.description.ro ?? '',
    descriptionEn: initial?.description.en ?? '',
    descriptionHu: initial?.description.hu ?? '',
  };
}

type Texts = ReturnType<typeof textsOf>;

/**
 * The inputs of textsOf's values, each with the server's error for its field (`title.ro`…). The slug input
 * is left out where the address can no longer change (`withSlug={false}`); `descriptionIn` names the form
 * whose labels the en/hu descriptions use.
 */
export function TextsFields({ f, set, error, withSlug = true, descriptionIn }: { f: Texts; set: (k: keyof Texts) => (e: { target: { value: string } }) => void; error: unknown; withSlug?: boolean; descriptionIn: 'processForm' | 'builder' }) {
  const { t } = useTranslation();
  return (
    <>
      {withSlug ? <Field label={t('participation.create.slug')} hint={t('participation.create.slugHint')} required value={f.slug} onChange={set('slug')} error={fieldError(error, 'slug')} /> : null}
      <Field label={t('participation.create.titleRo')} required value={f.titleRo} onChange={set('titleRo')} error={fieldError(error, 'title.ro')} />
      <Field label={t('participation.create.titleEn')} value={f.titleEn} onChange={set('titleEn')} error={fieldError(error, 'title.en')} />
      <Field label={t('participation.create.titleHu')} value={f.titleHu} onChange={set('titleHu')} error={fieldError(error, 'title.hu')} />
      <Field label={t('participation.create.description')} required value={f.descriptionRo} onChange={set('descriptionRo')} error={fieldError(error, 'description.ro')} />
      <Field label={t(`participation.${descriptionIn}.descriptionEn`)} value={f.descriptionEn} onChange={set('descriptionEn')} error={fieldError(error, 'description.en')} />
      <Field label={t(`participation.${descriptionIn}.descriptionHu`)} value={f.descriptionHu} onChange={set('descriptionHu')} error={fieldError(error, 'description.hu')} />
    </>
  );
}
