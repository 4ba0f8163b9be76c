import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * A city without a strategy: how to import one (the CLI reads a strategy document checked by the schema),
 * or where to start one by hand.
 */
export function StrategyEmptyState({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel empty-state" aria-labelledby="empty-h">
      <h2 id="empty-h">{t('console.empty.title')}</h2>
      <p>
        <code>{t('console.empty.import', { slug: tenant })}</code>
      </p>
      <p>
        <Link className="button button--primary" to={`/${tenant}/strategy/admin`}>
          {t('console.empty.blank')}
        </Link>
      </p>
    </section>
  );
}
