import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Ml } from '../../../components/Ml';
import { useEditorialNotes } from '../api/queries';
import type { EditorialNotes, Multiloc } from '../api/types';

/**
 * Facts (dt/dd) about a project or KPI as transcribed: the public remark for everyone, and — for staff only —
 * the editorial note, which the server never puts in a public response (it is read from GET …/strategy/notes,
 * which refuses everyone but staff).
 */
export function RemarkFacts({ remark, entity, code, staff }: { remark: Multiloc | undefined; entity: EditorialNotes['items'][number]['entity']; code: string; staff: boolean }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const notes = useEditorialNotes(tenant, staff);
  const note = staff ? notes.data?.get(`${entity}:${code}`) : undefined;
  return (
    <>
      {remark ? (
        <>
          <dt>{t('content.remark')}</dt>
          <dd>
            <Ml text={remark} />
          </dd>
        </>
      ) : null}
      {note ? (
        <>
          <dt>{t('content.editorialNote')}</dt>
          {/* the notes are written in English while transcribing */}
          <dd lang="en" className="editorial-note">
            {note}
          </dd>
        </>
      ) : null}
    </>
  );
}
