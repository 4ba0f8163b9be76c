import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useProcess } from '../api/hooks';
import { ProcessForm } from '../components/ProcessForm';

/** Staff: edit a process — texts, phases (add, move, change dates and titles) and strategy links — with a form. */
export function ProcessEditPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '', id } = useParams();
  const process = useProcess(tenant, id);
  const [saved, setSaved] = useState(false);
  if (process.isPending) return <Loading />;
  if (process.isError) return <LoadError onRetry={() => void process.refetch()} />;
  const p = process.data;
  return (
    <>
      <p>
        <Link to={`/${tenant}/processes/${p.slug}`}>{pick(p.title, i18n.language)}</Link>
      </p>
      <h1>{t('participation.processForm.editTitle', { title: pick(p.title, i18n.language) })}</h1>
      {p.abilities.edit ? (
        <>
          <FormMessage success={saved ? t('participation.processForm.saved') : undefined} />
          {/* keyed by the stored version, so a save shows the server's copy */}
          <ProcessForm key={JSON.stringify(p.phases)} tenant={tenant} initial={p} onSaved={() => setSaved(true)} />
        </>
      ) : (
        <p>{t('participation.create.staffOnly')}</p>
      )}
    </>
  );
}
