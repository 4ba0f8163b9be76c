import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { FormMessage } from '../../components/FormMessage';

/**
 * A city without a strategy: import a strategy document with the CLI, or start from the blank template
 * (POST /strategy/blank, checked by the document schema) and carry on in the editor.
 */
export function StrategyEmptyState({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const start = useMutation({
    mutationFn: () => api<{ hash: string }>(`/api/v1/tenants/${tenant}/strategy/blank`, { method: 'POST' }),
    onSuccess: async () => {
      await qc.invalidateQueries();
      void navigate(`/${tenant}/strategy/admin`);
    },
  });
  return (
    <section className="panel empty-state" aria-labelledby="empty-h">
      <h2 id="empty-h">{t('console.empty.title')}</h2>
      <p>
        <code>{t('console.empty.import', { slug: tenant })}</code>
      </p>
      <FormMessage error={start.error} />
      <button type="button" className="button button--primary" disabled={start.isPending} onClick={() => start.mutate()}>
        {t('console.empty.blank')}
      </button>
    </section>
  );
}
