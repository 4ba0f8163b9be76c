import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { pick } from '../../../i18n';
import { useCan } from '../../../api/auth/useCan';
import { type Dataset, type DescribeBody, useDescribe, usePublish, useUploadFile, useUploads } from '../api/queries';
import { formatSize, themeLabel } from './labels';

type Theme = NonNullable<DescribeBody['themes']>[number];
const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const satisfies readonly Theme[];
const isTheme = (x: string): x is Theme => (THEMES as readonly string[]).includes(x);

function Describe({ tenant, d }: { tenant: string; d: Dataset }) {
  const { t } = useTranslation();
  const describe = useDescribe(tenant);
  const publish = usePublish(tenant);
  const [title, setTitle] = useState(d.title.ro);
  const [description, setDescription] = useState(d.description.ro);
  const [keywords, setKeywords] = useState(d.keywords.map((k) => k.value).join(', '));
  const [themes, setThemes] = useState<Theme[]>(d.themes.filter(isTheme));
  const save = (e: FormEvent) => {
    e.preventDefault();
    describe.mutate({
      id: d.id,
      body: { title: { ...d.title, ro: title }, description: { ...d.description, ro: description }, themes, keywords: keywords.split(',').map((k) => k.trim()).filter(Boolean) },
    });
  };
  const legendId = `od-themes-${d.id}`;
  return (
    <li>
      <h3>
        <Link to={`/${tenant}/opendata/${d.id}`}>{pick(d.title)}</Link> — {d.published ? t('opendata.manage.published') : t('opendata.manage.unpublished')}
      </h3>
      <p>
        {d.distributions[0]?.fileName} · {d.distributions[0]?.format} · {formatSize(d.distributions[0]?.byteSize ?? null)}
      </p>
      <form onSubmit={save}>
        <Field label={t('opendata.manage.titleLabel')} value={title} onChange={(e) => setTitle(e.target.value)} required />
        <Field label={t('opendata.manage.descriptionLabel')} value={description} onChange={(e) => setDescription(e.target.value)} required />
        <Field label={t('opendata.manage.keywordsLabel')} hint={t('opendata.manage.keywordsHint')} value={keywords} onChange={(e) => setKeywords(e.target.value)} />
        <fieldset className="od-theme-choices" aria-labelledby={legendId}>
          <legend id={legendId}>{t('opendata.facets.theme')}</legend>
          {THEMES.map((th) => (
            <label key={th}>
              <input type="checkbox" checked={themes.includes(th)} onChange={() => setThemes(themes.includes(th) ? themes.filter((x) => x !== th) : [...themes, th])} /> {themeLabel(t, th)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={describe.isPending}>
          {t('opendata.manage.save')}
        </button>{' '}
        <button type="button" disabled={publish.isPending} onClick={() => publish.mutate({ id: d.id, publish: !d.published })}>
          {d.published ? t('opendata.manage.unpublish') : t('opendata.manage.publish')}
        </button>
        <FormMessage error={describe.error ?? publish.error} success={describe.isSuccess && !describe.isPending ? t('opendata.manage.saved') : undefined} />
      </form>
    </li>
  );
}

export function UploadsPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const publish = useCan(tenant)('opendata.publish');
  const uploads = useUploads(tenant, publish);
  const upload = useUploadFile(tenant);
  const [file, setFile] = useState<File | null>(null);
  if (!publish)
    return (
      <>
        <h1>{t('opendata.manage.title')}</h1>
        <p>{t('opendata.manage.staffOnly')}</p>
      </>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <>
      <p>
        <Link to={`/${tenant}/opendata`}>{t('opendata.dataset.back')}</Link>
      </p>
      <h1>{t('opendata.manage.title')}</h1>
      <h2>{t('opendata.manage.uploadTitle')}</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="od-file">{t('opendata.manage.fileLabel')}</label>
          <p className="field__hint" id="od-file-hint">
            {t('opendata.manage.fileHint')}
          </p>
          <input id="od-file" type="file" accept=".csv,.json,.geojson,.xlsx,.pdf,.zip" aria-describedby="od-file-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </div>
        <button type="submit" disabled={!file || upload.isPending}>
          {upload.isPending ? t('opendata.manage.uploading') : t('opendata.manage.upload')}
        </button>
        <FormMessage error={upload.error} success={upload.data ? t('opendata.manage.uploaded', { name: upload.data.distributions[0]?.fileName ?? '' }) : undefined} />
      </form>
      <h2>{t('opendata.manage.listTitle')}</h2>
      {uploads.data && uploads.data.length === 0 ? <p>{t('opendata.manage.empty')}</p> : null}
      <ul className="od-results od-uploads">
        {uploads.data?.map((d) => (
          <Describe key={d.id} tenant={tenant} d={d} />
        ))}
      </ul>
    </>
  );
}
