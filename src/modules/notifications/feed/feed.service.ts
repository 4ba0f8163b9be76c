/** The Atom feeds of followable things and map areas: what the hub sent about them, to read without an account. */
import type { Actor } from '../../../core/actor.js';
import { notFound } from '../../../core/errors.js';
import type { Locale, Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { areaKey, type FollowableChecks } from '../notifications.common.js';
import type { FollowsRepository } from '../follows/follows.repository.js';
import { atomFeed } from './feed.atom.js';

export class FeedService {
  constructor(private readonly d: { follows: FollowsRepository; checks: FollowableChecks; publicUrl: () => string }) {}

  /**
   * The Atom feed of a followable thing or map area: 404 for a kind one cannot follow, and for a thing that
   * does not exist or that the caller may not see (the same checks as a follow).
   */
  async feed(actor: Actor, tenant: TenantRow, kind: string, id: string, locale: Locale): Promise<string> {
    const checks = this.d.checks(kind);
    if (!checks || !id) throw notFound('feed');
    let seen = false;
    for (const c of checks) if (!seen) seen = await c.exists(actor, tenant, id);
    if (!seen) throw notFound(kind);
    const target = kind === 'area' ? areaKey(id) : id;
    const base = this.d.publicUrl();
    return atomFeed({
      selfUrl: new URL(`/api/v1/tenants/${tenant.slug}/feeds/${encodeURIComponent(kind)}/${encodeURIComponent(id)}.atom`, base).toString(),
      alternate: null,
      city: tenant.name as Multiloc,
      kind,
      id,
      locale,
      entries: await this.d.follows.feedEntries(tenant.id, kind, target),
      created: tenant.created_at,
    });
  }
}
