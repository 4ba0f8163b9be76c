import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import { Options, SelectField } from './FormFields';

/** A URL value when it is one of the known ones. */
export function oneOf<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

type SetFilter = (key: string, value: string, clears?: string) => void;
const SetFilterContext = createContext<SetFilter>(() => undefined);

/**
 * The filters of a list page: a search box and FilterSelects. Every change goes into the URL (so it can be
 * shared and the back button works) and goes back to the first page. `keys` are the filters that make the
 * Clear button appear; `keep` the URL values Clear leaves alone.
 */
export function FilterBar({ label, searchLabel, keys, keep = [], children }: { label: string; searchLabel: string; keys: readonly string[]; keep?: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  // Back/forward changes the URL: the search box follows it.
  useEffect(() => setQ(params.get('q') ?? ''), [params]);

  const setFilter: SetFilter = (key, value, clears) => {
    const next = new URLSearchParams(params);
    // Words typed in the search box but not yet sent go along with any other filter change.
    if (q.trim()) next.set('q', q.trim());
    else next.delete('q');
    if (value) next.set(key, value);
    else next.delete(key);
    if (clears) next.delete(clears);
    next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', q.trim());
  };
  const clear = () => {
    setQ('');
    const next = new URLSearchParams();
    for (const k of keep) if (params.get(k)) next.set(k, params.get(k)!);
    setParams(next);
  };

  return (
    <form onSubmit={submit} role="search" aria-label={label}>
      <fieldset className="filters">
        <legend>{label}</legend>
        <Field label={searchLabel} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
        <SetFilterContext.Provider value={setFilter}>{children}</SetFilterContext.Provider>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('strategy.projects.apply')}
          </button>
          {keys.some((k) => params.get(k)) ? (
            <button type="button" className="button" onClick={clear}>
              {t('strategy.projects.clear')}
            </button>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}

/** A select of a FilterBar, bound to URL value `name`, with "any" first; `clears` names a filter that depends on this one. */
export function FilterSelect({ label, name, value, clears, children }: { label: string; name: string; value: string | undefined; clears?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const setFilter = useContext(SetFilterContext);
  return (
    <SelectField label={label} name={name} value={value ?? ''} onChange={(e) => setFilter(name, e.target.value, clears)}>
      <option value="">{t('strategy.projects.any')}</option>
      {children}
    </SelectField>
  );
}

/** A FilterSelect over a fixed list of values, each labelled by its translation under `prefix`. */
export function EnumFilter({ values, prefix, ...select }: { label: string; name: string; value: string | undefined; values: readonly string[]; prefix: string }) {
  return (
    <FilterSelect {...select}>
      <Options values={values} prefix={prefix} />
    </FilterSelect>
  );
}
