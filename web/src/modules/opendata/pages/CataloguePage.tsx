import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import { pick } from '../../../i18n';
import { useTenant } from '../../../api/tenants/useTenants';
import { useCan } from '../../../api/auth/useCan';
import { type SearchParams, useDatasetSearch } from '../api/queries';
import { themeLabel } from './labels';

const FACETS = ['theme', 'format', 'publisher', 'keyword'] as const;

export function CataloguePage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const city = useTenant(tenant);
  const publish = useCan(tenant)('opendata.publish');
  // Links may pre-select facets (?publisher=…&theme=…): the DCAT publisher IRIs send browsers here that way.
  const [initial] = useSearchParams();
  const [text, setText] = useState(initial.get('q') ?? '');
  const [params, setParams] = useState<SearchParams>({ q: initial.get('q') ?? '', theme: initial.getAll('theme'), format: initial.getAll('format'), publisher: initial.getAll('publisher'), keyword: initial.getAll('keyword'), page: 1 });
  const search = useDatasetSearch(tenant, params);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ ...params, q: text.trim(), page: 1 });
  };
  const toggle = (facet: (typeof FACETS)[number], value: string) => {
    const list = params[facet].includes(value) ? params[facet].filter((v) => v !== value) : [...params[facet], value];
    setParams({ ...params, [facet]: list, page: 1 });
  };
  const label = (facet: (typeof FACETS)[number], value: string) => (facet === 'theme' ? themeLabel(t, value) : value);
  const data = search.data;

  return (
    <>
      <h1>{t('opendata.catalogue.title', { city: city.data ? pick(city.data.name) : '' })}</h1>
      <p>{t('opendata.catalogue.intro')}</p>
      {publish ? (
        <p>
          <Link to={`/${tenant}/opendata/manage`}>{t('opendata.manage.link')}</Link>
        </p>
      ) : null}
      <form className="od-search" role="search" onSubmit={submit}>
        <Field label={t('opendata.catalogue.searchLabel')} name="q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t('opendata.catalogue.searchButton')}</button>
      </form>
      <div className="od-layout">
        <aside className="od-facets" aria-labelledby="od-facets-title">
          <h2 id="od-facets-title">{t('opendata.catalogue.filters')}</h2>
          {FACETS.map((facet) =>
            data && data.facets[facet].length ? (
              <fieldset key={facet}>
                <legend>{t(`opendata.facets.${facet}`)}</legend>
                {data.facets[facet].map((f) => (
                  <label key={f.value}>
                    <input type="checkbox" checked={params[facet].includes(f.value)} onChange={() => toggle(facet, f.value)} />
                    <span>
                      {label(facet, f.value)} ({f.count})
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : null,
          )}
        </aside>
        <section aria-labelledby="od-results-title">
          <h2 id="od-results-title">{t('opendata.catalogue.results', { count: data?.total ?? 0 })}</h2>
          <div role="status">{search.isLoading ? t('opendata.loading') : search.isError ? t('app.error') : null}</div>
          {data && data.items.length === 0 ? <p>{t('opendata.catalogue.none')}</p> : null}
          <ul className="od-results">
            {data?.items.map((d) => (
              <li key={d.id}>
                <h3>
                  <Link to={`/${tenant}/opendata/${d.id}`}>{pick(d.title)}</Link>
                </h3>
                <p>{pick(d.description)}</p>
                <ul className="od-badges" aria-label={t('opendata.dataset.formats')}>
                  {[...new Set(d.distributions.map((x) => x.format))].map((f) => (
                    <li key={f} className="od-badge">
                      {f}
                    </li>
                  ))}
                  {d.themes.map((th) => (
                    <li key={th} className="od-badge">
                      {themeLabel(t, th)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {data && data.total > data.perPage ? (
            <nav aria-label={t('opendata.catalogue.pages')} className="od-search">
              <button type="button" disabled={params.page <= 1} onClick={() => setParams({ ...params, page: params.page - 1 })}>
                {t('opendata.catalogue.previous')}
              </button>
              <button type="button" disabled={params.page * data.perPage >= data.total} onClick={() => setParams({ ...params, page: params.page + 1 })}>
                {t('opendata.catalogue.next')}
              </button>
            </nav>
          ) : null}
        </section>
      </div>
      <h2>{t('opendata.catalogue.machines')}</h2>
      <ul>
        <li>
          <a href={`/dcat/${tenant}/catalog.ttl`}>DCAT-AP (Turtle)</a>, <a href={`/dcat/${tenant}/catalog.jsonld`}>JSON-LD</a>, <a href={`/dcat/${tenant}/catalog.rdf`}>RDF/XML</a>
        </li>
        <li>
          <a href={`/api/3/action/package_search?fq=organization:${tenant}`}>CKAN API (package_search)</a>
        </li>
        <li>
          <a href={`/ogc/${tenant}/`}>OGC API – Features</a>
        </li>
      </ul>
    </>
  );
}
