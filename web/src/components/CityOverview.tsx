import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OverviewBlock, OverviewFigure } from '../api/console/useConsole';
import { pick } from '../i18n';

/** A number in the reader's language (1 234,5 in Romanian, 1,234.5 in English). */
export function formatFigure(f: Pick<OverviewFigure, 'value'>, lng: string): string {
  return f.value === null ? '–' : new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format(f.value);
}

/**
 * The city page's headline numbers, one card per block a module contributes (GET /tenants/{t}/overview);
 * every card links to its page. Labels come from the module's strings: `<module>.cityOverview.<block>.*`.
 */
export function CityOverview({ tenant, blocks }: { tenant: string; blocks: OverviewBlock[] }) {
  const { t, i18n } = useTranslation();
  const shown = blocks.filter((b) => b.key !== 'missing');
  const missing = blocks.find((b) => b.key === 'missing');
  return (
    <>
      {missing ? (
        <div className="notice">
          <p>
            <strong>{t(`${missing.module}.cityOverview.missing.title`)}</strong> {t(`${missing.module}.cityOverview.missing.text`)}
          </p>
        </div>
      ) : null}
      <ul className="overview-grid">
        {shown.map((b) => {
          const prefix = `${b.module}.cityOverview.${b.key}`;
          const title = t(`${prefix}.title`);
          return (
            <li key={`${b.module}.${b.key}`} className="card overview-card">
              <h3>
                <Link to={`/${tenant}/${b.path}`}>{title}</Link>
              </h3>
              <ul className="figures">
                {b.figures.map((f) => (
                  <li key={f.key}>
                    <span className="figure__n">{formatFigure(f, i18n.language)}</span> <span className="figure__label">{t(`${prefix}.${f.key}`, { count: f.value ?? 0 })}</span>
                    {f.band ? <span className={`band band--${f.band}`}>{t('overview.band', { band: t(`${b.module}.band.${f.band}`) })}</span> : null}
                  </li>
                ))}
              </ul>
              {b.items.length ? (
                <ul className="overview-items">
                  {b.items.map((it) => (
                    <li key={it.path}>
                      <Link to={`/${tenant}/${it.path}`}>{pick(it.title, i18n.language)}</Link>
                      {it.date ? (
                        <>
                          {' '}
                          <time dateTime={it.date} className="muted">
                            {new Date(it.date).toLocaleDateString(i18n.language, { day: 'numeric', month: 'short' })}
                          </time>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
