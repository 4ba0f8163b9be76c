import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useSurvey } from '../api/hooks';
import { SurveyForm } from '../components/SurveyForm';

/** Staff: edit a consultation while it is a draft without answers (the server refuses later edits with 409). */
export function SurveyEditPage() {
  const { t, i18n } = useTranslation();
  const { tenant, id } = useParams();
  const survey = useSurvey(tenant, id);
  // Once opened, the survey is no longer editable: say it is done instead of "not editable".
  const [opened, setOpened] = useState<string | null>(null);
  if (survey.isPending) return <Loading />;
  if (survey.isError) return <LoadError onRetry={() => void survey.refetch()} />;
  const s = survey.data;
  return (
    <>
      <p>
        <Link to={`/${tenant}/surveys/${s.slug}`}>{pick(s.title, i18n.language)}</Link>
      </p>
      <h1>{t('participation.builder.editTitle', { title: pick(s.title, i18n.language) })}</h1>
      {opened ? (
        <div className="notice notice--success" role="status">
          {t('participation.builder.savedEdit')} <Link to={`/${tenant}/surveys/${opened}`}>{t('participation.create.open')}</Link>
        </div>
      ) : s.abilities.edit ? (
        <SurveyForm key={s.id} tenant={tenant!} initial={s} onSaved={(slug, status) => (status === 'open' ? setOpened(slug) : undefined)} />
      ) : (
        <p className="notice">{s.abilities.manage ? t('participation.builder.notEditable') : t('participation.create.staffOnly')}</p>
      )}
    </>
  );
}
