/**
 * City-wide abilities: what a person may do in one city, named `<module>.<verb>` (e.g. `strategy.edit`), sent
 * by `GET /api/v1/auth/me` so the web shows a tool only to those the server lets use it. Each module declares
 * its verbs in its manifest (`abilities` in src/modules/module.ts), each one a function of its own policy;
 * this file only gathers them, since core imports no module.
 */
import type { Actor } from './actor.js';

/** A module's city-wide abilities: verb → the module's policy check for a city. */
export type AbilityChecks = Readonly<Record<string, (actor: Actor, tenantId: number) => boolean>>;

/** Every module's abilities, gathered once from the manifests. */
export interface Abilities {
  /** every ability's full name, `<module>.<verb>`, in the order of the registry (the response schema lists them) */
  names: readonly string[];
  /** each ability's answer for this person in this city */
  of(actor: Actor, tenantId: number): Record<string, boolean>;
}

/** Gathers the manifests' `abilities`, naming each verb after its module so two modules never clash. */
export function gatherAbilities(manifests: readonly { name: string; abilities?: AbilityChecks | undefined }[]): Abilities {
  const checks = manifests.flatMap((m) => Object.entries(m.abilities ?? {}).map(([verb, check]) => [`${m.name}.${verb}`, check] as const));
  return {
    names: checks.map(([name]) => name),
    of: (actor, tenantId) => Object.fromEntries(checks.map(([name, check]) => [name, check(actor, tenantId)])),
  };
}
