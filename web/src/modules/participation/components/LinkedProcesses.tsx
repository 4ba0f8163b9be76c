import { useTranslation } from 'react-i18next';
import { useProcesses } from '../api/hooks';
import { CardLinks } from './CardLinks';

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
        <CardLinks tenant={tenant} path="processes" items={processes.data} />
      ) : null}
    </section>
  );
}
