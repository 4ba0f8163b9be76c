import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../../api/auth/useCan';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { ApiError } from '../../../api/client';
import { FollowButton } from '../../notifications';
import { useAlerts, useCreateRule, useDeactivateRule, useRules } from '../api/queries';
import { fmt, propertyLabel, when } from '../format';

const RULE_PROPERTIES = ['pm25', 'pm10', 'no2', 'o3', 'noise', 'temperature'];

function RuleForm({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const create = useCreateRule(tenant);
  const [property, setProperty] = useState('pm25');
  const [threshold, setThreshold] = useState('50');
  const [clearBelow, setClearBelow] = useState('');
  const [duration, setDuration] = useState('60');
  const [area, setArea] = useState('');
  const [done, setDone] = useState(false);
  const err = create.error instanceof ApiError ? create.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    create.mutate(
      { property, threshold: Number(threshold), durationMinutes: Number(duration), ...(clearBelow ? { clearBelow: Number(clearBelow) } : {}), ...(area.trim() ? { area: area.trim() } : {}) },
      { onSuccess: () => setDone(true) },
    );
  };
  return (
    <form onSubmit={submit} className="aq-rule-form" noValidate>
      <h3>{t('sensors.rules.new')}</h3>
      <div className="field">
        <label htmlFor="rule-property">{t('sensors.rules.property')}</label>
        <select id="rule-property" value={property} onChange={(e) => setProperty(e.target.value)}>
          {RULE_PROPERTIES.map((p) => (
            <option key={p} value={p}>
              {propertyLabel(p, t)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('sensors.rules.threshold')} type="number" inputMode="decimal" name="threshold" required value={threshold} onChange={(e) => setThreshold(e.target.value)} error={err?.fieldMessage('threshold')} />
      <Field label={t('sensors.rules.clearBelow')} hint={t('sensors.rules.clearBelowHint')} type="number" inputMode="decimal" name="clearBelow" value={clearBelow} onChange={(e) => setClearBelow(e.target.value)} error={err?.fieldMessage('clearBelow')} />
      <Field label={t('sensors.rules.duration')} hint={t('sensors.rules.durationHint')} type="number" inputMode="numeric" name="duration" required value={duration} onChange={(e) => setDuration(e.target.value)} error={err?.fieldMessage('durationMinutes')} />
      <Field label={t('sensors.rules.area')} hint={t('sensors.rules.areaHint')} name="area" value={area} onChange={(e) => setArea(e.target.value)} error={err?.fieldMessage('area')} />
      <button type="submit" className="button" disabled={create.isPending}>
        {t('sensors.rules.create')}
      </button>
      <FormMessage error={create.error} success={done ? t('sensors.rules.created') : undefined} />
    </form>
  );
}

/** The public history of air-quality alerts, and for staff the alert rules. */
export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const alerts = useAlerts(tenant);
  const rules = useRules(tenant);
  const manageAlerts = useCan(tenant)('sensors.manageAlerts');
  const deactivate = useDeactivateRule(tenant ?? '');
  const lng = i18n.language;
  // the alert types the city watches (its active rules): each can be followed city-wide
  const followable = [...new Set((rules.data ?? []).map((r) => r.property))];
  return (
    <>
      <p>
        <Link to={`/${tenant}/air`}>{t('sensors.sensor.back')}</Link>
      </p>
      <h1>{t('sensors.alerts.title')}</h1>
      <p>{t('sensors.alerts.intro')}</p>
      {alerts.isLoading ? <Loading /> : alerts.isError ? <LoadError onRetry={() => void alerts.refetch()} /> : alerts.data?.length ? (
        <div className="table-wrap" role="region" aria-label={t('sensors.alerts.title')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sensors.list.sensor')}</th>
                <th scope="col">{t('sensors.rules.property')}</th>
                <th scope="col">{t('sensors.alerts.raised')}</th>
                <th scope="col">{t('sensors.alerts.peak')}</th>
                <th scope="col">{t('sensors.alerts.state')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/${tenant}/air/sensors/${a.sensor.id}`}>{a.sensor.name}</Link>
                    {a.sensor.area ? ` (${a.sensor.area})` : ''}
                  </th>
                  <td>{t('sensors.alerts.over', { property: propertyLabel(a.property, t), threshold: fmt(a.threshold, lng) })}</td>
                  <td>{when(a.raisedAt, lng)}</td>
                  <td>{fmt(a.peakValue, lng)}</td>
                  <td>{a.clearedAt ? t('sensors.alerts.cleared', { when: when(a.clearedAt, lng) }) : <strong>{t('sensors.alerts.active')}</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sensors.alerts.none')}</p>
      )}

      {tenant && followable.length ? (
        <section aria-labelledby="aq-follow-title">
          <h2 id="aq-follow-title">{t('sensors.alerts.followTitle')}</h2>
          <p>{t('sensors.alerts.followIntro')}</p>
          <ul className="aq-follow">
            {followable.map((p) => {
              const name = t('sensors.alerts.followName', { property: propertyLabel(p, t) });
              return (
                <li key={p}>
                  <h3>{name}</h3>
                  <FollowButton tenant={tenant} kind="sensors.alert" id={p} title={name} />
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <h2>{t('sensors.rules.title')}</h2>
      {rules.data?.length ? (
        <ul className="aq-rules">
          {rules.data.map((r) => (
            <li key={r.id}>
              {t('sensors.rules.summary', { property: propertyLabel(r.property, t), threshold: fmt(r.threshold, lng), clear: fmt(r.clearBelow, lng), minutes: r.durationMinutes, area: r.area ?? t('sensors.rules.wholeCity') })}
              {manageAlerts ? (
                <>
                  {' '}
                  <button type="button" className="button button--small" onClick={() => deactivate.mutate(r.id)} disabled={deactivate.isPending}>
                    {t('sensors.rules.deactivate')}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sensors.rules.none')}</p>
      )}
      {manageAlerts && tenant ? <RuleForm tenant={tenant} /> : null}
    </>
  );
}
