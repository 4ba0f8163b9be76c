import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { useGazetteer, useGazetteerImport } from '../api/queries';

/** Staff: the address list behind "type an address" — how many entries, and loading a new CSV. */
export function GazetteerUpload({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const info = useGazetteer(tenant);
  const upload = useGazetteerImport(tenant, me.data?.csrfToken);
  const [file, setFile] = useState<File | null>(null);
  const [append, setAppend] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, append });
  };
  return (
    <section aria-labelledby="q-gazetteer">
      <h2 id="q-gazetteer">{t('reports.gazetteer.title')}</h2>
      <p>{info.data ? t('reports.gazetteer.rows', { count: info.data.rows }) : null} {t('reports.gazetteer.intro')}</p>
      <FormMessage error={upload.error} success={upload.data ? t('reports.gazetteer.done', { count: upload.data.rows }) : undefined} />
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="q-gazetteer-file">{t('reports.gazetteer.file')}</label>
          <p className="field__hint" id="q-gazetteer-hint">{t('reports.gazetteer.hint')}</p>
          <input id="q-gazetteer-file" type="file" accept=".csv,text/csv" aria-describedby="q-gazetteer-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field field--check">
          <input id="q-gazetteer-append" type="checkbox" checked={append} onChange={(e) => setAppend(e.target.checked)} />
          <label htmlFor="q-gazetteer-append">{t('reports.gazetteer.append')}</label>
        </div>
        <button type="submit" className="button" disabled={!file || upload.isPending}>{t('reports.gazetteer.upload')}</button>
      </form>
    </section>
  );
}
