import { useConfirmSupport } from '../api/queries';
import { ConfirmByLink } from '../components/ConfirmByLink';

/** The link e-mailed after a "me too" lands here: it counts the support (double opt-in, issue 12). */
export function SupportConfirmPage() {
  return <ConfirmByLink confirm={useConfirmSupport()} textKey="reports.supportConfirm" />;
}
