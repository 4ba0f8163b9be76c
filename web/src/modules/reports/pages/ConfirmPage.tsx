import { useMemo } from 'react';
import { useConfirm } from '../api/queries';
import { ConfirmByLink } from '../components/ConfirmByLink';

/** The e-mailed link lands here: it publishes the anonymous report. */
export function ConfirmPage() {
  const confirm = useConfirm();
  const data = useMemo(() => (confirm.data ? { reportId: confirm.data.id } : undefined), [confirm.data]);
  return <ConfirmByLink confirm={{ mutate: confirm.mutate, isPending: confirm.isPending, isError: confirm.isError, data }} textKey="reports.confirm" />;
}
