import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProcesses } from '../api/hooks';
import { Ml } from '../../../components/Ml';

/** The participatory processes linked to a strategy project (shown on the strategy project page). */
export function LinkedProcesses({ tenant, project }: { tenant: string | undefined; project: string }) {
  const { t } = useTranslation();
  const processes = useProcesses(tenant, project);
  return (
    <section aria-labelledby="pr-processes">
      <h2 id="pr-processes">{t('participation.process.linkedTitle')}</h2>
      {processes.isError ? <p>{t('participation.process.loadError')}</p> : null}
      {processes.data && processes.data.length === 0 ? <p>{t('participation.process.noneLinked')}</p> : null}
      {processes.data && processes.data.length > 0 ? (
        <ul className="pp-list">
          {processes.data.map((p) => (
            <li key={p.id} className="pp-card">
              <Link to={`/${tenant}/processes/${p.slug}`}><Ml text={p.title} /></Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
