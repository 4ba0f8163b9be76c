import { useMe } from './useMe';

/** Whether the signed-in person is staff (or admin) in this city; the server checks again on every write. */
export function useIsStaff(tenant: string | undefined): boolean {
  const me = useMe();
  if (!tenant || !me.data?.authenticated) return false;
  const m = me.data.memberships.find((x) => x.tenant === tenant);
  return !!m && (m.roles.includes('staff') || m.roles.includes('admin'));
}
