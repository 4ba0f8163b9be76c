import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { ApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { uploadPictures } from '../api/budgetProjects';
import { base, useCreateProposal, useProposals, useSimilar } from '../api/hooks';
import { noPlace, PlacePicker, PlacesMapWithList, placeNumbers, type PlaceValue } from '../components/Place';
import { MAX_PICTURES, PICTURE_TYPES } from '../components/Pictures';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** The ideas that have a place, on a map with the same ideas as a list next to it. */
function IdeasMap({ tenant, items }: { tenant: string; items: { id: string; lat: number; lon: number; label: string; href: string }[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section aria-labelledby="pp-ideas-map">
      <h3 id="pp-ideas-map">{t('participation.place.ideasMap')}</h3>
      <PlacesMapWithList tenant={tenant} label={t('participation.place.ideasMapLabel')} points={items} height={300} />
    </section>
  );
}

export function ProposalsPage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const [sort, setSort] = useState('recent');
  const list = useProposals(tenant, sort);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [place, setPlace] = useState<PlaceValue>(noPlace);
  const [files, setFiles] = useState<File[]>([]);
  const [pictureError, setPictureError] = useState<unknown>(null);
  const similar = useSimilar(tenant, title);
  const create = useCreateProposal(tenant ?? '');
  const err = create.error instanceof ApiError ? create.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const point = placeNumbers(place);
    setPictureError(null);
    create.mutate(
      // A half-typed place is sent as it is, so the server names the missing coordinate.
      { title, body, ...(point ?? { ...(place.lat.trim() ? { lat: Number(place.lat) } : {}), ...(place.lon.trim() ? { lon: Number(place.lon) } : {}) }) },
      {
        onSuccess: async (r) => {
          // The idea exists; its pictures follow. If they are refused, the idea's page lets the author try again.
          if (files.length) {
            try {
              await uploadPictures(`${base(tenant!)}/proposals/${r.id}/images`, files.slice(0, MAX_PICTURES), me.data?.csrfToken ?? undefined);
            } catch (err) {
              setPictureError(err);
              navigate(`/${tenant}/proposals/${r.id}?pictures=failed`);
              return;
            }
          }
          navigate(`/${tenant}/proposals/${r.id}`);
        },
      },
    );
  };
  return (
    <>
      <h1>{t('participation.proposals.title')}</h1>
      <p>{t('participation.proposals.intro')}</p>
      <section aria-labelledby="pp-new">
        <h2 id="pp-new">{t('participation.proposals.new')}</h2>
        {me.data?.authenticated ? (
          <form onSubmit={submit} noValidate>
            <FormMessage error={create.error} />
            <Field label={t('participation.proposals.fieldTitle')} hint={t('participation.proposals.titleHint')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={TEXT_LIMITS.proposalTitle} required error={err?.fieldMessage('title')} />
            {similar.data && similar.data.length ? (
              <div className="notice" role="status">
                <p>{t('participation.proposals.similar')}</p>
                <ul>
                  {similar.data.map((s) => (
                    <li key={s.id}>
                      <Link to={`/${tenant}/proposals/${s.id}`}>{s.title}</Link> ({t('participation.proposals.supports', { count: s.supports })})
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className={`field${err?.fieldMessage('body') ? ' field--error' : ''}`}>
              <label htmlFor="pp-body">{t('participation.proposals.fieldBody')}</label>
              {err?.fieldMessage('body') ? <p className="field__error">{err.fieldMessage('body')}</p> : null}
              <textarea id="pp-body" rows={6} maxLength={TEXT_LIMITS.proposalBody} value={body} onChange={(e) => setBody(e.target.value)} required />
            </div>
            <PlacePicker tenant={tenant!} idPrefix="pp-new" value={place} onChange={setPlace} errors={{ lat: err?.fieldMessage('lat'), lon: err?.fieldMessage('lon') }} />
            <div className="field">
              <label htmlFor="pp-new-pictures">{t('participation.pictures.choose', { count: MAX_PICTURES })}</label>
              <p className="field__hint" id="pp-new-pictures-hint">
                {t('participation.pictures.hint')}
              </p>
              <input id="pp-new-pictures" type="file" accept={PICTURE_TYPES} multiple aria-describedby="pp-new-pictures-hint" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
            </div>
            <FormMessage error={pictureError} />
            <button type="submit" disabled={create.isPending}>
              {t('participation.proposals.submit')}
            </button>
          </form>
        ) : (
          <p className="notice">
            {t('participation.signInFirst')} <Link to={`/signin?next=${encodeURIComponent(`/${tenant}/proposals`)}`}>{t('participation.signIn')}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="pp-list">
        <h2 id="pp-list">{t('participation.proposals.list')}</h2>
        <div className="field">
          <label htmlFor="pp-sort">{t('participation.proposals.sort')}</label>
          <select id="pp-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="recent">{t('participation.proposals.recent')}</option>
            <option value="supports">{t('participation.proposals.mostSupported')}</option>
          </select>
        </div>
        {list.isPending ? <Loading /> : list.isError ? <LoadError onRetry={() => void list.refetch()} /> : null}
        {list.data && !list.data.length ? <p>{t('participation.proposals.none')}</p> : null}
        <IdeasMap tenant={tenant!} items={(list.data ?? []).filter((p) => p.lat !== null && p.lon !== null).map((p) => ({ id: String(p.id), lat: p.lat!, lon: p.lon!, label: p.title, href: `/${tenant}/proposals/${p.id}` }))} />
        <ul className="pp-list">
          {(list.data ?? []).map((p) => (
            <li key={p.id} className="pp-card">
              <Link to={`/${tenant}/proposals/${p.id}`}>{p.title}</Link>
              <p>
                {t(`participation.state.${p.state}`)} · {t('participation.proposals.supports', { count: p.supports })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
