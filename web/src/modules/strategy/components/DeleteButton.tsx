import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FormMessage } from '../../../components/FormMessage';
import { useDeleteKpi, useDeleteProject } from '../api/mutations';

/** Deletes a project or a KPI after a plain confirmation; the server refuses (and says why) when it cannot. */
export function DeleteButton({ kind, code }: { kind: 'project' | 'kpi'; code: string }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const navigate = useNavigate();
  const delProject = useDeleteProject(tenant!, code);
  const delKpi = useDeleteKpi(tenant!, code);
  const del = kind === 'project' ? delProject : delKpi;
  return (
    <div className="danger-zone">
      <FormMessage error={del.error} />
      <button
        type="button"
        className="button"
        disabled={del.isPending}
        onClick={() => {
          if (window.confirm(t('strategy.staff.confirmDelete', { code })))
            del.mutate(undefined, { onSuccess: () => void navigate(`/${tenant}/${kind === 'project' ? 'projects' : 'kpis'}`) });
        }}
      >
        {t('strategy.staff.delete')} {code}
      </button>
    </div>
  );
}
