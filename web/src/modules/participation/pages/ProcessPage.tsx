import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useProcess } from '../api/hooks';
import { Ml } from '../../../components/Ml';

/** A strategy code as a path segment (dots escaped, as the strategy pages do). */
const seg = (code: string) => encodeURIComponent(code).replace(/\./g, '%2E');

/** A participatory process: its phases (the current one marked) and the strategy items it is linked to. */
export function ProcessPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id } = useParams();
  const process = useProcess(tenant, id);
  if (process.isPending) return <Loading />;
  if (process.isError)
    return (
      <>
        <h1>{t('participation.process.title')}</h1>
        <LoadError onRetry={() => void process.refetch()} />
      </>
    );
  const p = process.data;
  const projects = p.links.filter((l) => l.type === 'project');
  const others = p.links.filter((l) => l.type !== 'project');
  return (
    <>
      <p>
        <Link to={`/${tenant}/participation`}>{t('participation.home.title')}</Link>
      </p>
      <h1><Ml text={p.title} /></h1>
      {p.abilities.edit ? (
        <p>
          <Link to={`/${tenant}/processes/${p.slug}/edit`}>{t('participation.processForm.edit')}</Link>
        </p>
      ) : null}
      {pick(p.description, lng) ? <p className="lead"><Ml text={p.description} /></p> : null}
      <section aria-labelledby="pc-phases">
        <h2 id="pc-phases">{t('participation.process.phases')}</h2>
        {p.phases.length === 0 ? <p>{t('participation.process.noPhases')}</p> : null}
        <ol className="pp-list">
          {p.phases.map((ph) => (
            <li key={ph.key} className="pp-card">
              <strong><Ml text={ph.title} /></strong>
              {ph.key === p.currentPhase ? ` · ${t('participation.process.current')}` : ''}
              <p>
                <time dateTime={ph.start}>{ph.start}</time> – <time dateTime={ph.end}>{ph.end}</time>
              </p>
              {ph.components.length ? <p>{t('participation.process.components', { list: ph.components.map((c) => t(`participation.process.component.${c}`)).join(', ') })}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="pc-links">
        <h2 id="pc-links">{t('participation.process.linkedProjects')}</h2>
        {projects.length === 0 && others.length === 0 ? <p>{t('participation.process.noLinks')}</p> : null}
        <ul className="pp-list">
          {projects.map((l) => (
            <li key={l.code}>
              <Link to={`/${tenant}/projects/${seg(l.code)}`}>{t('participation.process.projectLink', { code: l.code })}</Link>
            </li>
          ))}
          {others.map((l) => (
            <li key={`${l.type}-${l.code}`}>
              <Link to={`/${tenant}/strategy/${seg(l.code.split('.')[0]!)}`}>{t(`participation.process.link.${l.type}`, { code: l.code })}</Link>
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to={`/${tenant}/proposals`}>{t('participation.home.proposalsLink')}</Link>
      </p>
    </>
  );
}
