import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/admin/useAdmin';
import type { Role } from '../../api/auth/types';
import { usePeopleSearch, useSetRoles } from '../../api/console/useConsole';
import { Field } from '../../components/Field';
import { FormMessage, fieldError } from '../../components/FormMessage';
import { Loading } from '../../components/Status';

const ROLES = ['citizen', 'organisation', 'project_team', 'staff', 'steering', 'admin'] as const satisfies readonly Role[];

/** Grant and revoke roles in one city: find a person by e-mail address or name, tick their roles, save (audited). */
export function RoleManager({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const people = usePeopleSearch(tenant, q);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(typed.trim());
  };
  return (
    <section className="panel" id="roles" aria-labelledby="roles-h">
      <h2 id="roles-h">{t('console.tools.members')}</h2>
      <form className="inline-form" role="search" onSubmit={submit} noValidate>
        <Field label={t('console.people.search')} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} minLength={3} error={fieldError(people.error, 'query.q')} />
        <button type="submit" className="button button--primary">
          {t('console.people.find')}
        </button>
      </form>
      {people.isFetching ? <Loading /> : null}
      {people.data && people.data.length === 0 ? <p role="status">{t('console.people.noneFound')}</p> : null}
      <ul className="people-list">
        {people.data?.map((p) => (
          <li key={p.id}>
            <PersonRoles tenant={tenant} person={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PersonRoles({ tenant, person }: { tenant: string; person: Member }) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const save = useSetRoles(tenant);
  const toggle = (r: Role) => setRoles((now) => (now.includes(r) ? now.filter((x) => x !== r) : [...now, r]));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ userId: person.id, roles });
      }}
    >
      <fieldset className="checks">
        <legend>
          {t('console.people.rolesFor', { name: person.displayName })} <span className="muted">({person.email})</span>
        </legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} /> {t(`roles.${r}`)}
          </label>
        ))}
      </fieldset>
      <FormMessage error={save.error} success={save.isSuccess ? t('console.people.saved') : undefined} />
      <button type="submit" className="button" disabled={save.isPending}>
        {t('console.people.save')} <span className="visually-hidden">— {person.displayName}</span>
      </button>
    </form>
  );
}
