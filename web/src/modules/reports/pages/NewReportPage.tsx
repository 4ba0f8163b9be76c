import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useTenant } from '../../../api/tenants/useTenants';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import { MapView } from '../../../components/MapView';
import { pick } from '../../../i18n';
import { useCategories, useCreateReport, useNearby, useSupport } from '../api/queries';
import { AddressSearch } from '../components/AddressSearch';
import { StatusBadge } from '../components/StatusBadge';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** Report a problem: place, category, details, photos; "is it one of these?" before sending. */
export function NewReportPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const city = useTenant(tenant);
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const categories = useCategories(tenant);
  const [category, setCategory] = useState('');
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [locating, setLocating] = useState(false);
  // where the map looks: the city centre, or the address chosen in the search (a new key re-centres it)
  const [view, setView] = useState<{ centre: [number, number]; key: number } | null>(null);
  const point: [number, number] | null = lat && lon && Number.isFinite(Number(lat)) && Number.isFinite(Number(lon)) ? [Number(lat), Number(lon)] : null;
  const nearby = useNearby(tenant, category, point);
  const create = useCreateReport(tenant, me.data?.csrfToken);
  const cat = categories.data?.find((c) => c.code === category);

  const pickPoint = ([a, b]: [number, number]) => {
    setLat(a.toFixed(6));
    setLon(b.toFixed(6));
  };
  const locate = () => {
    if (!navigator.geolocation) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        pickPoint([p.coords.latitude, p.coords.longitude]);
        setLocating(false);
      },
      () => setLocating(false),
      { timeout: 10_000 },
    );
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(new FormData(e.currentTarget));
  };

  if (create.data)
    return (
      <div className="narrow">
        <h1>{t('reports.form.sentTitle')}</h1>
        {create.data.published ? (
          <>
            <FormMessage success={t('reports.form.published')} />
            <p><Link to={`/${tenant}/reports/${create.data.id}`}>{t('reports.form.seeReport')}</Link></p>
          </>
        ) : (
          <FormMessage success={t('reports.form.checkEmail')} />
        )}
        <p><Link to={`/${tenant}/reports`}>{t('reports.backToList')}</Link></p>
      </div>
    );

  return (
    <div className="narrow">
      <h1>{t('reports.form.title')}</h1>
      <p className="lead">{t('reports.form.intro')}</p>
      <FormMessage error={create.error} />
      <form onSubmit={submit} noValidate={false} encType="multipart/form-data">
        <fieldset>
          <legend>{t('reports.form.where')}</legend>
          <p className="field__hint">{t('reports.form.whereHint')}</p>
          <AddressSearch
            tenant={tenant}
            label={t('reports.form.address')}
            hint={t('reports.form.addressHint')}
            error={fieldError(create.error, 'address')}
            onChoose={(a) => {
              pickPoint([a.lat, a.lon]);
              setView((v) => ({ centre: [a.lat, a.lon], key: (v?.key ?? 0) + 1 }));
            }}
          />
          {city.data ? (
            <MapView
              key={view?.key ?? 0}
              label={t('reports.form.mapLabel')}
              center={view?.centre ?? [city.data.centre.lat, city.data.centre.lon]}
              zoom={view ? 17 : 14}
              boundary={city.data.boundary as GeoJSON.Geometry | null}
              onPick={pickPoint}
              picked={point}
              height={280}
            />
          ) : null}
          <p>
            <button type="button" className="button" onClick={locate} disabled={locating}>{t('reports.form.useLocation')}</button>
          </p>
          <div className="reports-coords">
            <Field label={t('reports.form.lat')} name="lat" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} required error={fieldError(create.error, 'lat')} />
            <Field label={t('reports.form.lon')} name="lon" inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} required error={fieldError(create.error, 'lon')} />
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor="nr-category">{t('reports.category')}</label>
          {fieldError(create.error, 'category') ? <p className="field__error" id="nr-category-error">{fieldError(create.error, 'category')}</p> : null}
          <select id="nr-category" name="category" required value={category} onChange={(e) => setCategory(e.target.value)} aria-describedby={fieldError(create.error, 'category') ? 'nr-category-error' : undefined}>
            <option value="">{t('reports.form.chooseCategory')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>{pick(c.name, i18n.language)}</option>
            ))}
          </select>
          {cat ? <p className="field__hint">{pick(cat.description, i18n.language)} — {t('reports.form.target', { days: cat.targetDays, department: pick(cat.department, i18n.language) })}</p> : null}
        </div>
        {(cat?.attributes ?? []).map((a) => {
          const id = `nr-attr-${a.code}`;
          const err = fieldError(create.error, `attribute[${a.code}]`);
          return (
            <div className="field" key={a.code}>
              <label htmlFor={id}>{pick(a.description, i18n.language)}</label>
              {err ? <p className="field__error" id={`${id}-error`}>{err}</p> : null}
              {a.values ? (
                <select id={id} name={`attribute[${a.code}]`} required={a.required} aria-describedby={err ? `${id}-error` : undefined} defaultValue="">
                  <option value="">{t('reports.form.choose')}</option>
                  {a.values.map((v) => <option key={v.key} value={v.key}>{pick(v.name, i18n.language)}</option>)}
                </select>
              ) : (
                <input id={id} name={`attribute[${a.code}]`} required={a.required} />
              )}
            </div>
          );
        })}

        {nearby.data && nearby.data.length > 0 ? <Nearby tenant={tenant} items={nearby.data} signedIn={signedIn} /> : null}

        <Field label={t('reports.form.titleLabel')} name="title" maxLength={TEXT_LIMITS.reportTitle} hint={t('reports.form.titleHint')} error={fieldError(create.error, 'title')} />
        <div className="field">
          <label htmlFor="nr-description">{t('reports.form.description')}</label>
          <textarea id="nr-description" name="description" rows={4} maxLength={TEXT_LIMITS.reportDescription} />
        </div>
        <div className="field">
          <label htmlFor="nr-photos">{t('reports.form.photos')}</label>
          <p className="field__hint" id="nr-photos-hint">{t('reports.form.photosHint')}</p>
          {create.error && fieldError(create.error, 'photos') ? <p className="field__error">{fieldError(create.error, 'photos')}</p> : null}
          <input id="nr-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif" multiple aria-describedby="nr-photos-hint" />
        </div>

        <fieldset>
          <legend>{t('reports.form.aboutYou')}</legend>
          {signedIn ? (
            <p>{t('reports.form.signedInAs', { name: me.data?.user?.displayName })}</p>
          ) : (
            <>
              <Field label={t('reports.form.email')} name="email" type="email" autoComplete="email" required hint={t('reports.form.emailHint')} error={fieldError(create.error, 'email')} />
              <Field label={t('reports.form.name')} name="name" autoComplete="name" maxLength={TEXT_LIMITS.reportName} />
            </>
          )}
          <div className="field field--check">
            <input id="nr-anonymous" name="anonymous" type="checkbox" value="true" />
            <label htmlFor="nr-anonymous">{t('reports.form.anonymous')}</label>
          </div>
        </fieldset>
        <button type="submit" className="button button--primary" disabled={create.isPending}>{t('reports.form.send')}</button>
      </form>
    </div>
  );
}

function Nearby({ tenant, items, signedIn }: { tenant: string; items: { id: string; title: string; status: import('../api/types').ReportStatus; distanceMetres: number }[]; signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="notice" aria-labelledby="nr-nearby">
      <h2 id="nr-nearby">{t('reports.form.nearbyTitle')}</h2>
      <p>{t('reports.form.nearbyIntro')}</p>
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            <Link to={`/${tenant}/reports/${r.id}`}>#{r.id} {r.title}</Link> <StatusBadge status={r.status} /> — {t('reports.form.metres', { count: r.distanceMetres })}{' '}
            {signedIn ? <SupportButton tenant={tenant} id={r.id} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SupportButton({ tenant, id }: { tenant: string; id: string }) {
  const { t } = useTranslation();
  const support = useSupport(tenant, id);
  if (support.data) return <span role="status">{t(support.data.pending ? 'reports.supportPending' : 'reports.supported')}</span>;
  return <button type="button" className="button" onClick={() => support.mutate({})} disabled={support.isPending}>{t('reports.support')}</button>;
}

export { SupportButton };
