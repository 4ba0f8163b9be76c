import { useTranslation } from 'react-i18next';
import { AQI_BANDS, AQI_COLOURS, type AqiBand } from '../../../../../src/shared/sensor-properties';

/** A band as colour and words together: colour alone never carries the meaning. */
export function BandBadge({ band }: { band: string | null }) {
  const { t } = useTranslation();
  if (!band) return <span className="aq-band aq-band--none">{t('sensors.band.none')}</span>;
  return (
    <span className={`aq-band aq-band--${band}`}>
      <span className="aq-band__swatch" aria-hidden="true" style={{ background: AQI_COLOURS[band as AqiBand] }} />
      {t(`sensors.band.${band}`)}
    </span>
  );
}

export function BandLegend() {
  const { t } = useTranslation();
  return (
    <div className="aq-legend">
      <h2 className="aq-legend__title">{t('sensors.map.legend')}</h2>
      <ul>
        {AQI_BANDS.map((b) => (
          <li key={b}>
            <BandBadge band={b} /> <span className="meta">{t('sensors.map.pm25Range', { range: RANGES[b] })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const RANGES: Record<AqiBand, string> = { good: '0–10', fair: '10–20', moderate: '20–25', poor: '25–50', very_poor: '50–75', extremely_poor: '≥ 75' };
