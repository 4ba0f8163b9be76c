import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Where this page sits: city › strategy › ambition › … (the last item is the current page). */
export function Breadcrumbs({ items }: { items: { label: string; to?: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t('strategy.nav.breadcrumbs')}>
      <ol>
        {items.map((item, i) => (
          <li key={`${item.label}-${i}`}>{item.to ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}
