import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { useApiKeys, useAudit, useCreateApiKey, useMembers, useRevokeApiKey } from '../api/admin/useAdmin';
import { useMe } from '../api/auth/useMe';
import { Field } from '../components/Field';
import { FormMessage, fieldError } from '../components/FormMessage';
import { Loading } from '../components/Status';
import { DataTable } from '../components/TableWrap';

/**
 * The old staff area's address: /admin and /admin/{city} now lead to the staff console, /{city}/admin
 * (ConsolePage), for the first city where one has a staff role.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { tenant: slug } = useParams();
  if (me.isPending) return <Loading />;
  if (!me.data?.authenticated) return <Navigate to="/signin" replace state={{ from: '/admin' }} />;
  const target = slug ?? me.data.abilities.adminTenants[0];
  if (!me.data.abilities.accessAdmin || !target)
    return (
      <div className="narrow">
        <h1>{t('admin.title')}</h1>
        <div className="notice notice--error" role="alert">
          {t('admin.noAccess')}
        </div>
      </div>
    );
  return <Navigate to={`/${target}/admin`} replace />;
}

export function Members({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const members = useMembers(tenant);
  return (
    <section className="panel" aria-labelledby="members-h">
      <h2 id="members-h">{t('admin.members')}</h2>
      {members.isPending ? <Loading /> : null}
      {/* a table that scrolls sideways on a phone must be reachable by keyboard (WCAG 2.1.1) */}
      <DataTable labelledBy="members-h" columns={[t('admin.name'), t('auth.email'), t('admin.rolesCol')]}>
        {members.data?.map((m) => (
          <tr key={m.id}>
            <td>{m.displayName}</td>
            <td>{m.email}</td>
            <td>{m.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function ApiKeys({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const keys = useApiKeys(tenant);
  const create = useCreateApiKey(tenant);
  const revoke = useRevokeApiKey(tenant);
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('ingest');
  const purposeId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, purpose });
  };
  return (
    <section className="panel" id="api-keys" aria-labelledby="keys-h">
      <h2 id="keys-h">{t('admin.apiKeys')}</h2>
      {create.data ? (
        <div className="notice notice--success" role="status">
          <p>{t('admin.keyCreated')}</p>
          <code className="secret">{create.data.secret}</code>
        </div>
      ) : null}
      <FormMessage error={create.error} />
      <form onSubmit={submit} className="inline-form" noValidate>
        <Field label={t('admin.keyName')} required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(create.error, 'name')} />
        <div className="field">
          <label htmlFor={purposeId}>{t('admin.keyPurpose')}</label>
          <select id={purposeId} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {(['ingest', 'open311', 'admin'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`auditLabels.keyPurpose.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('admin.create')}
        </button>
      </form>
      <ul>
        {keys.data?.map((k) => (
          <li key={k.id}>
            <code>{k.prefix}…</code> {k.name} ({t(`auditLabels.keyPurpose.${k.purpose}`, { defaultValue: k.purpose })}) {k.revoked ? <em>{t('admin.revoked')}</em> : (
              <button type="button" className="button" onClick={() => revoke.mutate(k.id)}>
                {t('admin.revoke')} <span className="visually-hidden">{k.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An audit action (`<module>.<resource>.<verb>`, the domain event's name) in the reader's language, from the labels
 * of its three parts; the code itself only when a part has no label (a test keeps every emitted action labelled).
 */
export function auditActionLabel(t: (key: string, options?: { defaultValue: string }) => string, action: string): string {
  const [module, resource, verb] = action.split('.');
  if (!module || !resource || !verb) return action;
  const parts = [t(`auditLabels.module.${module}`, { defaultValue: '' }), t(`auditLabels.resource.${resource}`, { defaultValue: '' }), t(`auditLabels.verb.${verb}`, { defaultValue: '' })];
  return parts.every(Boolean) ? `${parts[0]}: ${parts[1]} — ${parts[2]}` : action;
}

export function Audit({ tenant }: { tenant: string }) {
  const { t, i18n } = useTranslation();
  const audit = useAudit(tenant);
  return (
    <section className="panel" id="audit" aria-labelledby="audit-h">
      <h2 id="audit-h">{t('admin.audit')}</h2>
      {audit.isPending ? <Loading /> : null}
      {audit.data?.length === 0 ? <p>{t('admin.none')}</p> : null}
      {audit.data?.length ? (
        <DataTable labelledBy="audit-h" columns={[t('admin.when'), t('admin.who'), t('admin.what'), t('admin.entity')]}>
          {audit.data.map((a) => (
            <tr key={a.id}>
              <td>
                <time dateTime={a.at}>{new Date(a.at).toLocaleString(i18n.language)}</time>
              </td>
              <td>{a.actor}</td>
              <td>{auditActionLabel(t, a.action)}</td>
              {/* the action already names the kind of thing; its number is what staff look up */}
              <td>#{a.entityId}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
