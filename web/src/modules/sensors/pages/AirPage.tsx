import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useTenant } from '../../../api/tenants/useTenants';
import { ChartView } from '../../../components/Chart';
import { FormMessage } from '../../../components/FormMessage';
import { MapView, type MapFeature } from '../../../components/MapView';
import { LoadError, Loading } from '../../../components/Status';
import { AQI_COLOURS, type AqiBand } from '../../../../../src/shared/sensor-properties';
import { useAirQuality, useFollowMutation, useFollows, useSensors } from '../api/queries';
import { BandBadge, BandLegend } from '../components/Band';
import { fmt } from '../format';

/** The air-quality map: every public sensor coloured by the European Air Quality Index band of its latest reading. */
export function AirPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const city = useTenant(tenant);
  const sensors = useSensors(tenant);
  const air = useAirQuality(tenant);
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const follows = useFollows(tenant, signedIn);
  const follow = useFollowMutation(tenant ?? '');
  const lng = i18n.language;

  const features: MapFeature[] = useMemo(
    () =>
      (sensors.data ?? [])
        .filter((s) => s.lat !== null && s.lon !== null)
        .map((s) => ({
          id: String(s.id),
          geometry: { type: 'Point', coordinates: [s.lon!, s.lat!] },
          color: s.band ? AQI_COLOURS[s.band as AqiBand] : '#9e9e9e',
          label: `${s.name}: ${s.band ? t(`sensors.band.${s.band}`) : t('sensors.band.none')}`,
          href: `/${tenant}/air/sensors/${s.id}`,
        })),
    [sensors.data, tenant, t],
  );
  const value = (s: { latest: { property: string; value: number | null }[] }, p: string) => s.latest.find((l) => l.property === p)?.value ?? null;
  const annual = air.data?.annualPm25 ?? [];
  const target = air.data?.target;

  return (
    <>
      <h1>{t('sensors.air.title')}</h1>
      <p className="lead">{t('sensors.air.intro')}</p>
      <p>
        <Link to={`/${tenant}/air/alerts`}>{t('sensors.air.alertsLink')}</Link>
      </p>

      <section aria-labelledby="aq-today">
        <h2 id="aq-today">{t('sensors.air.today')}</h2>
        {air.isLoading ? <Loading /> : air.isError ? <LoadError onRetry={() => void air.refetch()} /> : (
          <p className="aq-today">
            {air.data?.pm25Mean24h === null ? t('sensors.air.noData') : t('sensors.air.todayText', { value: fmt(air.data?.pm25Mean24h, lng), count: air.data?.sensorsActive ?? 0 })}{' '}
            <BandBadge band={air.data?.band ?? null} />
          </p>
        )}
      </section>

      <section aria-labelledby="aq-map">
        <h2 id="aq-map">{t('sensors.map.title')}</h2>
        {sensors.isLoading ? <Loading /> : sensors.isError ? <LoadError onRetry={() => void sensors.refetch()} /> : null}
        <div className="aq-map-layout">
          {city.data ? <MapView label={t('sensors.map.label')} center={[city.data.centre.lat, city.data.centre.lon]} zoom={city.data.defaultZoom} boundary={city.data.boundary as GeoJSON.Geometry | null} features={features} fitToFeatures height={420} /> : null}
          <BandLegend />
        </div>
        <div className="table-wrap" role="region" aria-label={t('sensors.list.title')} tabIndex={0}>
          <table className="aq-table">
            <caption>{t('sensors.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sensors.list.sensor')}</th>
                <th scope="col">{t('sensors.list.area')}</th>
                <th scope="col">{t('sensors.list.band')}</th>
                <th scope="col">PM2.5 (µg/m³)</th>
                <th scope="col">PM10 (µg/m³)</th>
              </tr>
            </thead>
            <tbody>
              {(sensors.data ?? []).map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/${tenant}/air/sensors/${s.id}`}>{s.name}</Link>
                  </th>
                  <td>{s.area ?? '—'}</td>
                  <td>
                    <BandBadge band={s.band} />
                  </td>
                  <td>{fmt(value(s, 'pm25'), lng)}</td>
                  <td>{fmt(value(s, 'pm10'), lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="aq-areas">
        <h2 id="aq-areas">{t('sensors.areas.title')}</h2>
        <p>{t('sensors.areas.intro')}</p>
        <div className="table-wrap" role="region" aria-label={t('sensors.areas.title')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sensors.list.area')}</th>
                <th scope="col">{t('sensors.areas.pm25')}</th>
                <th scope="col">{t('sensors.list.band')}</th>
                <th scope="col">{t('sensors.areas.sensors')}</th>
                {signedIn ? <th scope="col">{t('sensors.follow.column')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {(air.data?.areas ?? []).map((a) => {
                const following = !!follows.data?.some((f) => f.area === a.area);
                return (
                  <tr key={a.area ?? '-'}>
                    <th scope="row">{a.area ?? t('sensors.areas.unknown')}</th>
                    <td>{fmt(a.mean, lng)}</td>
                    <td>
                      <BandBadge band={a.band} />
                    </td>
                    <td>{a.sensors}</td>
                    {signedIn ? (
                      <td>
                        {a.area ? (
                          <button type="button" className="button button--small" disabled={follow.isPending} onClick={() => follow.mutate({ on: !following, area: a.area! })}>
                            {following ? t('sensors.follow.unfollowArea', { area: a.area }) : t('sensors.follow.followArea', { area: a.area })}
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <FormMessage error={follow.error} />
        {!signedIn ? <p className="meta">{t('sensors.follow.signInHint')}</p> : null}
      </section>

      {annual.length ? (
        <section aria-labelledby="aq-trend">
          <h2 id="aq-trend">{t('sensors.trend.title')}</h2>
          <ChartView
            kind="line"
            title={t('sensors.trend.chart')}
            labels={annual.map((y) => String(y.year))}
            yLabel="µg/m³"
            series={[
              { label: t('sensors.trend.mean'), values: annual.map((y) => Math.round(y.mean * 10) / 10) },
              ...(target ? [{ label: t('sensors.trend.target', { value: fmt(target.target, lng), year: target.targetYear ?? '' }), values: annual.map(() => target.target), reference: true, color: '#1e6b2e' }] : []),
              { label: t('sensors.trend.who'), values: annual.map(() => 5), reference: true, color: '#8a5300' },
            ]}
          />
          {target ? <p>{t('sensors.trend.targetText', { baseline: fmt(target.baseline, lng), baselineYear: target.baselineYear ?? '', target: fmt(target.target, lng), targetYear: target.targetYear ?? '' })}</p> : null}
        </section>
      ) : null}
    </>
  );
}
