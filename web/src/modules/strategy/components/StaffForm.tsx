import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import { fieldError, FormMessage } from '../../../components/FormMessage';
import type { Multiloc } from '../api/types';
import { Checks } from '../validate';

type Values = Record<string, string | boolean>;
type TextKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

/** What a text input, select or textarea needs to show one form value and its error. */
export interface Bound {
  name: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error: string | undefined;
}

interface Mutation {
  error: unknown;
  isSuccess: boolean;
  isPending: boolean;
}

/**
 * The state of a staff form: its values, the errors of the local checks (or else the server's
 * problem+json field errors), and a submit that runs the checks and sends only when they pass.
 * `bind('unit')` wires an input to value `unit`; `bind('nameRo', 'name.ro')` when the API names the field otherwise.
 */
export function useStaffForm<F extends Values>(
  mutation: Mutation,
  initial: F,
  { check, send }: { check: (c: Checks, f: F) => unknown; send: (f: F, patch: (values: Partial<F>) => void) => void },
) {
  const { t } = useTranslation();
  const [f, setF] = useState(initial);
  const [local, setLocal] = useState<unknown>();
  const error = local ?? mutation.error;
  const patch = (values: Partial<F>) => setF((prev) => ({ ...prev, ...values }));
  const bind = (key: TextKey<F>, field: string = key): Bound => ({
    name: key,
    value: f[key] as string,
    onChange: (e) => patch({ [key]: e.target.value } as Partial<F>),
    error: fieldError(error, field),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = new Checks(t);
    check(c, f);
    try {
      c.done();
    } catch (err) {
      setLocal(err);
      return;
    }
    setLocal(undefined);
    send(f, patch);
  };
  return { f, bind, patch, submit, error, saved: mutation.isSuccess && !local, pending: mutation.isPending };
}

/** The part of useStaffForm's result that StaffForm draws. */
interface FormState {
  submit: (e: FormEvent) => void;
  error: unknown;
  saved: boolean;
  pending: boolean;
}

/** A staff form: optional heading, the error summary or the success notice, the fields, the submit button. */
export function StaffForm({ form, title, success, submit, className, children }: { form: FormState; title?: string; success: ReactNode; submit: string; className?: string; children: ReactNode }) {
  return (
    <form onSubmit={form.submit} noValidate className={className}>
      {title ? <h3>{title}</h3> : null}
      <FormMessage error={form.error} />
      {form.saved ? (
        <div className="notice notice--success" role="status">
          {success}
        </div>
      ) : null}
      {children}
      <button type="submit" className="button button--primary" disabled={form.pending}>
        {submit}
      </button>
    </form>
  );
}

/** The Romanian (required), English and Hungarian inputs of a title or name: values `titleRo`… sent as `title.ro`…. */
export function LocalisedFields<B extends 'title' | 'name' | 'remark'>({ base, bind, required = true }: { base: B; bind: (key: `${B}${'Ro' | 'En' | 'Hu'}`, field: string) => Bound; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t(`strategy.staff.${base}Ro`)} {...bind(`${base}Ro` as const, `${base}.ro`)} lang="ro" required={required} />
      <Field label={t(`strategy.staff.${base}En`)} {...bind(`${base}En` as const, `${base}.en`)} lang="en" />
      <Field label={t(`strategy.staff.${base}Hu`)} {...bind(`${base}Hu` as const, `${base}.hu`)} lang="hu" />
    </>
  );
}

/** Romanian always; English and Hungarian only when typed. */
export function multiloc(ro: string, en: string, hu: string): Multiloc {
  return { ro: ro.trim(), ...(en.trim() ? { en: en.trim() } : {}), ...(hu.trim() ? { hu: hu.trim() } : {}) };
}

/** A number as a form shows it: empty for none. */
export function shown(value: number | null): string {
  return value === null ? '' : String(value);
}

/** The staff tools of a page (shown only when the server says `abilities.edit`): a heading, then Tools. */
export function StaffPanel({ id, children }: { id: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="staff-panel" aria-labelledby={id}>
      <h2 id={id}>{t('strategy.staff.title')}</h2>
      {children}
    </section>
  );
}

/** One staff tool, folded under its summary until opened. */
export function Tool({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
