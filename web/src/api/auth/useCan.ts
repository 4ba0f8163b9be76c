import type { Schemas } from '../client';
import { useMe } from './useMe';

/** A city-wide ability, named `<module>.<verb>` by the module that declares it (GET /api/v1/auth/me). */
export type Ability = keyof Schemas['CityAbilities'];

/**
 * What the signed-in person may do in this city, as the server answers it in /auth/me, so the web never
 * re-derives roles: `const can = useCan(tenant); can('strategy.edit')`. False while /auth/me loads, when
 * signed out and in a city one does not belong to; the server checks again on every request.
 */
export function useCan(tenant: string | undefined): (ability: Ability) => boolean {
  const me = useMe();
  const mine = tenant ? me.data?.abilities.cities[tenant] : undefined;
  return (ability) => mine?.[ability] ?? false;
}
