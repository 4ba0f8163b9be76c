/** Pictures of a proposal or budget project: the gallery, and the form to add (≤ 3 in all) or remove them. */
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { type Picture, useRemovePicture, useUploadPictures } from '../api/budgetProjects';

export const MAX_PICTURES = 3;
export const PICTURE_TYPES = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';

export function Gallery({ images, alt }: { images: Picture[]; alt: string }) {
  const { t } = useTranslation();
  if (!images.length) return null;
  return (
    <ul className="pp-gallery" aria-label={t('participation.pictures.title')}>
      {images.map((im, i) => (
        <li key={im.id}>
          <a href={im.url}>
            <img src={im.url} width={im.width} height={im.height} loading="lazy" alt={t('participation.pictures.alt', { title: alt, n: i + 1 })} />
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Add/remove pictures of an item the person may change (`path` e.g. "proposals/12/images"). */
export function PictureManager({ tenant, path, images, alt }: { tenant: string; path: string; images: Picture[]; alt: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const input = useRef<HTMLInputElement>(null);
  const [count, setCount] = useState(0);
  const upload = useUploadPictures(tenant, path, me.data?.csrfToken ?? undefined);
  const remove = useRemovePicture(tenant, path);
  const free = MAX_PICTURES - images.length;
  const id = `pp-pictures-${path.replace(/[^a-z0-9]/gi, '-')}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const files = Array.from(input.current?.files ?? []);
    if (!files.length) return;
    upload.mutate(files, {
      onSuccess: () => {
        if (input.current) input.current.value = '';
        setCount(0);
      },
    });
  };
  const err = fieldError(upload.error, 'images') ?? (upload.error as { errors?: { message: string }[] } | null)?.errors?.[0]?.message;
  return (
    <section aria-labelledby={`${id}-h`} className="pp-pictures">
      <h2 id={`${id}-h`}>{t('participation.pictures.title')}</h2>
      {images.length ? (
        <ul className="pp-gallery">
          {images.map((im, i) => (
            <li key={im.id}>
              <img src={im.url} width={im.width} height={im.height} loading="lazy" alt={t('participation.pictures.alt', { title: alt, n: i + 1 })} />
              <button type="button" className="link-button" disabled={remove.isPending} onClick={() => remove.mutate(im.id)}>
                {t('participation.pictures.remove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {free > 0 ? (
        <form onSubmit={submit}>
          <FormMessage error={upload.error} success={upload.isSuccess ? t('participation.pictures.added') : undefined} />
          <div className={`field${err ? ' field--error' : ''}`}>
            <label htmlFor={id}>{t('participation.pictures.choose', { count: free })}</label>
            <p className="field__hint" id={`${id}-hint`}>
              {t('participation.pictures.hint')}
            </p>
            {err ? <p className="field__error">{err}</p> : null}
            <input ref={input} id={id} type="file" accept={PICTURE_TYPES} multiple aria-describedby={`${id}-hint`} onChange={(e) => setCount(e.target.files?.length ?? 0)} />
          </div>
          <button type="submit" disabled={upload.isPending || count === 0}>
            {t('participation.pictures.send')}
          </button>
        </form>
      ) : (
        <p>{t('participation.pictures.full')}</p>
      )}
    </section>
  );
}
