import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useBudgetProject, useEditProjectPlace } from '../api/budgetProjects';
import { EditPlace } from '../components/EditPlace';
import { Comments } from '../components/Comments';
import { Gallery, PictureManager } from '../components/Pictures';
import { PlacesMap } from '../components/Place';
import { money } from './BudgetPage';
import { Ml } from '../../../components/Ml';

function ProjectPlace({ tenant, budget, project, lat, lon }: { tenant: string; budget: string; project: number; lat: number | null; lon: number | null }) {
  const edit = useEditProjectPlace(tenant, budget, project);
  return <EditPlace key={`${lat},${lon}`} tenant={tenant} idPrefix="pp-bp-edit" lat={lat} lon={lon} mutation={edit} />;
}

/** One budget project: cost, place, pictures, where it is in the review before the vote, comments. */
export function BudgetProjectPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tenant, id, project } = useParams();
  const q = useBudgetProject(tenant, id, project);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError onRetry={() => void q.refetch()} />;
  const p = q.data;
  const title = pick(p.title, lng);
  return (
    <>
      <p>
        <Link to={`/${tenant}/budgets/${p.budget.slug}`}>{t('participation.bp.backTo', { title: pick(p.budget.title, lng) })}</Link>
      </p>
      <h1>{title}</h1>
      <dl className="pp-facts">
        <dt>{t('participation.bp.stateLabel')}</dt>
        <dd>
          <strong>{t(`participation.bp.state.${p.review}`)}</strong> — {t(`participation.bp.stateHelp.${p.review}`)}
        </dd>
        {p.review === 'ineligible' && p.reviewReason ? (
          <>
            <dt>{t('participation.bp.reasonLabel')}</dt>
            <dd>{p.reviewReason}</dd>
          </>
        ) : null}
        <dt>{p.review === 'costed' || p.review === 'ready' ? t('participation.bp.costVote') : t('participation.bp.costProposed')}</dt>
        <dd>{money(p.cost, p.budget.currency, lng)}</dd>
        {p.costNote ? (
          <>
            <dt>{t('participation.bp.costNote')}</dt>
            <dd>
              {p.costNote}
              {p.proposedCost !== null && p.proposedCost !== p.cost ? ` (${t('participation.bp.proposedWas', { cost: money(p.proposedCost, p.budget.currency, lng) })})` : ''}
            </dd>
          </>
        ) : null}
        {p.proposalId ? (
          <>
            <dt>{t('participation.bp.origin')}</dt>
            <dd>
              <Link to={`/${tenant}/proposals/${p.proposalId}`}>{t('participation.bp.originLink', { id: p.proposalId })}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {pick(p.description, lng) ? <p className="pp-body"><Ml text={p.description} /></p> : null}
      {p.lat !== null && p.lon !== null ? (
        <section aria-labelledby="pp-bp-where">
          <h2 id="pp-bp-where">{t('participation.place.where')}</h2>
          <PlacesMap tenant={tenant!} label={t('participation.place.mapOf', { title })} points={[{ id: String(p.id), lat: p.lat, lon: p.lon, label: title }]} />
        </section>
      ) : null}
      {p.abilities.manage ? <PictureManager tenant={tenant!} path={`budgets/${p.budget.id}/projects/${p.id}/images`} images={p.images} alt={title} /> : <Gallery images={p.images} alt={title} />}
      {p.abilities.manage && p.budget.status !== 'closed' && !(p.budget.status === 'voting' && p.review === 'ready') ? <ProjectPlace tenant={tenant!} budget={p.budget.slug} project={p.id} lat={p.lat} lon={p.lon} /> : null}
      <Comments tenant={tenant!} on={`budget_project:${p.id}`} />
    </>
  );
}
