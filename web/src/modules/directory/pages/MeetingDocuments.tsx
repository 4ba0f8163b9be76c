import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { pick } from '../../../i18n';
import { directoryBase, type MeetingDetail, useDirectoryUpload, useDirectoryWrite } from '../api/queries';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);
const kind = (mediaType: string) => (mediaType === 'application/pdf' ? 'PDF' : mediaType === 'image/jpeg' ? 'JPEG' : (mediaType.split('.').pop() ?? '').toUpperCase().replace('TEXT', 'ODT').replace('SPREADSHEET', 'ODS').replace('PRESENTATION', 'ODP'));

/** A meeting's documents, each downloadable; coordinators and staff upload (checked by the server) and remove them until the minutes are approved. */
export function MeetingDocuments({ tenant, slug, id, meeting: m }: { tenant: string; slug: string; id: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const path = `${directoryBase(tenant)}/groups/${slug}/meetings/${id}`;
  const upload = useDirectoryUpload('POST', `${path}/files`, 'file');
  const remove = useDirectoryWrite<{ file: number }>('DELETE', (b) => `${path}/files/${b.file}`);
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || !file.size) return;
    const q = new URLSearchParams();
    const title = String(data.get('title') ?? '').trim();
    const item = String(data.get('agendaItem') ?? '');
    if (title) q.set('title', title);
    if (item) q.set('agendaItem', item);
    const ok = await upload.mutateAsync({ file, query: q.size ? `?${q}` : '' }).then(() => true, () => false);
    setSent(ok);
    if (ok) form.reset();
  };
  return (
    <section aria-labelledby="meeting-docs">
      <h2 id="meeting-docs">{t('directory.meetings.documents')}</h2>
      {m.files.length || m.documents.length ? (
        <ul className="dir-docs">
          {m.files.map((f) => (
            <li key={f.id}>
              <a href={f.url} download={f.name}>
                {f.title}
              </a>{' '}
              ({kind(f.mediaType)}, {size(f.bytes)}){f.agendaItem !== null && m.agenda[f.agendaItem] ? ` — ${t('directory.meetings.forItem', { n: f.agendaItem + 1 })}: ${pick(m.agenda[f.agendaItem]!)}` : ''}
              {m.abilities.edit ? (
                <>
                  {' '}
                  <button className="button" type="button" onClick={() => remove.mutate({ file: f.id })} aria-label={`${t('directory.meetings.remove')}: ${f.title}`}>
                    {t('directory.meetings.remove')}
                  </button>
                </>
              ) : null}
            </li>
          ))}
          {m.documents.map((d, i) => (
            <li key={`link-${i}`}>
              <a href={d.url} rel="noopener noreferrer">
                {d.title}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('directory.meetings.noDocuments')}</p>
      )}
      <FormMessage error={remove.error} />
      {m.abilities.edit ? (
        <form onSubmit={submit} encType="multipart/form-data" aria-labelledby="meeting-doc-add">
          <h3 id="meeting-doc-add">{t('directory.meetings.addDocument')}</h3>
          <FormMessage error={upload.error} success={sent ? t('directory.meetings.uploaded') : undefined} />
          <div className={`field${fieldError(upload.error, 'file') ? ' field--error' : ''}`}>
            <label htmlFor="meeting-doc-file">{t('directory.meetings.documentFile')}</label>
            <p className="field__hint" id="meeting-doc-hint">
              {t('directory.meetings.documentHint')}
            </p>
            <input id="meeting-doc-file" name="file" type="file" required aria-describedby="meeting-doc-hint" accept=".pdf,.odt,.ods,.odp,image/jpeg,image/png,image/webp,image/heic" onChange={() => setSent(false)} />
          </div>
          <div className="field">
            <label htmlFor="meeting-doc-title">{t('directory.meetings.documentTitle')}</label>
            <input id="meeting-doc-title" name="title" maxLength={TEXT_LIMITS.meetingDocumentTitle} />
          </div>
          {m.agenda.length ? (
            <div className="field">
              <label htmlFor="meeting-doc-item">{t('directory.meetings.documentItem')}</label>
              <select id="meeting-doc-item" name="agendaItem" defaultValue="">
                <option value="">{t('directory.meetings.noItem')}</option>
                {m.agenda.map((a, i) => (
                  <option key={i} value={i}>
                    {i + 1}. {pick(a)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button className="button" type="submit" disabled={upload.isPending}>
            {t('directory.meetings.upload')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
