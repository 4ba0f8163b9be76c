import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseMutationResult } from '@tanstack/react-query';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { noPlace, PlacePicker, placeNumbers, type PlaceValue } from './Place';

/** Moves or removes the place of an idea or a budget project (the server checks it is inside the city). */
export function EditPlace({ tenant, idPrefix, lat, lon, mutation }: { tenant: string; idPrefix: string; lat: number | null; lon: number | null; mutation: UseMutationResult<null, Error, { lat: number | null; lon: number | null }> }) {
  const { t } = useTranslation();
  const [place, setPlace] = useState<PlaceValue>(lat !== null && lon !== null ? { lat: String(lat), lon: String(lon) } : noPlace);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate(placeNumbers(place) ?? { lat: null, lon: null });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${idPrefix}-title`}>
      <h2 id={`${idPrefix}-title`}>{t('participation.place.editTitle')}</h2>
      <FormMessage error={mutation.error} success={mutation.isSuccess ? t('participation.place.saved') : undefined} />
      <PlacePicker tenant={tenant} idPrefix={idPrefix} value={place} onChange={setPlace} errors={{ lat: fieldError(mutation.error, 'lat'), lon: fieldError(mutation.error, 'lon') }} />
      <button type="submit" disabled={mutation.isPending}>
        {t('participation.place.save')}
      </button>
    </form>
  );
}
