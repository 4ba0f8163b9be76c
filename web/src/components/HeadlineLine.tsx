import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Headline } from '../api/console/useConsole';
import { formatFigure } from './CityOverview';

/** One line of a city's headline numbers, each linking to its page. */
export function HeadlineLine({ tenant, figures }: { tenant: string; figures: Headline['figures'] }) {
  const { t, i18n } = useTranslation();
  if (!figures.length) return null;
  return (
    <ul className="headline-line">
      {figures.map((f) => (
        <li key={`${f.module}.${f.block}`}>
          <Link to={`/${tenant}/${f.path}`}>
            <strong>{formatFigure(f, i18n.language)}</strong> {t(`${f.module}.cityOverview.${f.block}.${f.key}`, { count: f.value ?? 0 })}
          </Link>
        </li>
      ))}
    </ul>
  );
}
