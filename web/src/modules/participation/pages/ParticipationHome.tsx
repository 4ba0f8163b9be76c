import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../../api/auth/useCan';
import { LoadError, Loading } from '../../../components/Status';
import { useBudgets, useProcesses, useSurveys } from '../api/hooks';
import { CardLinks } from '../components/CardLinks';

export function ParticipationHome() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const surveys = useSurveys(tenant);
  const budgets = useBudgets(tenant);
  const processes = useProcesses(tenant);
  const manage = useCan(tenant)('participation.manage');
  return (
    <>
      <h1>{t('participation.home.title')}</h1>
      <p>{t('participation.home.intro')}</p>
      {manage ? (
        <p>
          <Link to={`/${tenant}/participation/new/survey`}>{t('participation.create.link')}</Link>
        </p>
      ) : null}
      <section aria-labelledby="pp-surveys">
        <h2 id="pp-surveys">{t('participation.home.surveys')}</h2>
        {surveys.isPending ? <Loading /> : surveys.isError ? <LoadError onRetry={() => void surveys.refetch()} /> : null}
        <CardLinks
          tenant={tenant}
          path="surveys"
          items={surveys.data ?? []}
          more={(s) => (
            <p>
              {t(`participation.surveyStatus.${s.status}`)} · {t('participation.results.respondents', { count: s.responses })}
              {s.reconstructed ? ` · ${t('participation.home.reconstructed')}` : ''}
            </p>
          )}
        />
      </section>
      <section aria-labelledby="pp-budgets">
        <h2 id="pp-budgets">{t('participation.home.budgets')}</h2>
        {budgets.isPending ? <Loading /> : budgets.isError ? <LoadError onRetry={() => void budgets.refetch()} /> : null}
        <CardLinks tenant={tenant} path="budgets" items={budgets.data ?? []} />
      </section>
      {processes.data && processes.data.length > 0 ? (
        <section aria-labelledby="pp-processes">
          <h2 id="pp-processes">{t('participation.process.homeTitle')}</h2>
          <CardLinks tenant={tenant} path="processes" items={processes.data} />
        </section>
      ) : null}
      <section aria-labelledby="pp-ideas">
        <h2 id="pp-ideas">{t('participation.home.proposals')}</h2>
        <p>
          <Link to={`/${tenant}/proposals`}>{t('participation.home.proposalsLink')}</Link>
        </p>
      </section>
    </>
  );
}
