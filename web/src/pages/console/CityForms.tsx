import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { type CityBody, useArchiveCity, useSaveCity } from '../../api/console/useConsole';
import { type Tenant, useTenant, useTenants } from '../../api/tenants/useTenants';
import { Field } from '../../components/Field';
import { FormMessage, fieldError } from '../../components/FormMessage';
import { pick } from '../../i18n';
import { DigestScheduleForm } from '../../modules/notifications';

const LANGS = ['ro', 'en', 'hu'] as const;

/** The city's own settings (its admins): names, languages, boundary. */
export function CitySettings({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const city = useTenant(tenant);
  if (!city.data) return null;
  return (
    <section className="panel" id="settings" aria-labelledby="settings-h">
      <h2 id="settings-h">{t('console.tools.settings')}</h2>
      <CityForm key={city.data.slug} existing={city.data} areas={city.allTenants.filter((a) => a.kind === 'area' && a.slug !== tenant)} />
      <DigestScheduleForm tenant={tenant} />
    </section>
  );
}

/** Platform admins: create a city or metropolitan area, and archive or restore one. */
export function CitiesPanel() {
  const { t, i18n } = useTranslation();
  const tenants = useTenants();
  const archive = useArchiveCity();
  const all = tenants.data ?? [];
  return (
    <section className="panel" id="cities" aria-labelledby="cities-h">
      <h2 id="cities-h">{t('console.tools.cities')}</h2>
      <h3>{t('console.city.new')}</h3>
      <CityForm existing={null} areas={all.filter((a) => a.kind === 'area')} />
      <FormMessage error={archive.error} />
      <ul className="city-list">
        {all.map((c) => (
          <li key={c.slug}>
            <Link to={`/${c.slug}/admin`}>{pick(c.name, i18n.language)}</Link> <span className="muted">({c.kind === 'area' ? t('console.city.kindArea') : t('console.city.kindCity')})</span>{' '}
            <button type="button" className="button" disabled={archive.isPending} onClick={() => archive.mutate({ slug: c.slug, archived: !c.archived })}>
              {c.archived ? t('console.city.restore') : t('console.city.archive')} <span className="visually-hidden">{pick(c.name, i18n.language)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CityForm({ existing, areas }: { existing: Tenant | null; areas: Tenant[] }) {
  const { t, i18n } = useTranslation();
  const save = useSaveCity(existing?.slug ?? null);
  const [slug, setSlug] = useState('');
  const [names, setNames] = useState<Record<string, string>>({ ro: existing?.name.ro ?? '', en: existing?.name.en ?? '', hu: existing?.name.hu ?? '' });
  const [kind, setKind] = useState<'city' | 'area'>(existing?.kind ?? 'city');
  const [parent, setParent] = useState(existing?.parent ?? '');
  const [locales, setLocales] = useState<string[]>(existing?.locales ?? ['ro']);
  const [boundary, setBoundary] = useState<unknown>(undefined);
  const [fileError, setFileError] = useState<string | undefined>();
  const ids = { kind: useId(), parent: useId(), file: useId() };
  const readFile = async (file: File | undefined) => {
    setFileError(undefined);
    setBoundary(undefined);
    if (!file) return;
    try {
      setBoundary(JSON.parse(await file.text()) as unknown);
    } catch {
      setFileError(t('console.city.badFile'));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = { ro: names.ro ?? '', ...(names.en ? { en: names.en } : {}), ...(names.hu ? { hu: names.hu } : {}) };
    const body: CityBody = { name, locales, ...(boundary !== undefined ? { boundary } : {}) };
    if (!existing) Object.assign(body, { slug, kind, ...(kind === 'city' && parent ? { parent } : {}) });
    save.mutate(body, { onSuccess: () => !existing && setSlug('') });
  };
  const boundaryError = fileError ?? fieldErrorStartingWith(save.error, 'boundary');
  return (
    <form onSubmit={submit} noValidate className="city-form">
      <FormMessage error={save.error} success={save.isSuccess ? (existing ? t('console.city.saved') : t('console.city.created', { name: pick(save.data.name, i18n.language) })) : undefined} />
      {save.isSuccess && !existing ? (
        <p>
          <Link to={`/${save.data.slug}/admin`}>{t('console.city.open')}</Link>
        </p>
      ) : null}
      {!existing ? <Field label={t('console.city.slug')} required value={slug} onChange={(e) => setSlug(e.target.value)} error={fieldError(save.error, 'slug')} autoComplete="off" /> : null}
      {LANGS.map((l) => (
        <Field key={l} label={t('console.city.name', { lang: l.toUpperCase() })} lang={l} required={l === 'ro'} value={names[l] ?? ''} onChange={(e) => setNames({ ...names, [l]: e.target.value })} error={fieldError(save.error, `name.${l}`)} />
      ))}
      {!existing ? (
        <div className="field">
          <label htmlFor={ids.kind}>{t('console.city.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as 'city' | 'area')}>
            <option value="city">{t('console.city.kindCity')}</option>
            <option value="area">{t('console.city.kindArea')}</option>
          </select>
        </div>
      ) : null}
      {!existing && kind === 'city' ? (
        <div className="field">
          <label htmlFor={ids.parent}>{t('console.city.parent')}</label>
          <select id={ids.parent} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t('console.city.noParent')}</option>
            {areas.map((a) => (
              <option key={a.slug} value={a.slug}>
                {pick(a.name, i18n.language)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset className="checks">
        <legend>{t('console.city.locales')}</legend>
        {LANGS.map((l) => (
          <label key={l} className="check">
            <input type="checkbox" checked={locales.includes(l)} disabled={l === 'ro'} onChange={() => setLocales(locales.includes(l) ? locales.filter((x) => x !== l) : [...locales, l])} /> {l.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <div className={`field${boundaryError ? ' field--error' : ''}`}>
        <label htmlFor={ids.file}>{t('console.city.boundary')}</label>
        {existing ? <p className="field__hint">{t('console.city.boundaryKeep')}</p> : null}
        {boundaryError ? <p className="field__error">{boundaryError}</p> : null}
        <input id={ids.file} type="file" accept=".geojson,.json,application/geo+json,application/json" onChange={(e) => void readFile(e.target.files?.[0])} aria-invalid={boundaryError ? true : undefined} />
      </div>
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        {existing ? t('console.city.save') : t('console.city.create')}
      </button>
    </form>
  );
}

/** The first server message for a field or any of its parts (boundary.coordinates.0 …). */
function fieldErrorStartingWith(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hit = error.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`));
  return hit ? `${hit.field}: ${hit.message}` : undefined;
}
