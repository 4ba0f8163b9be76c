/**
 * Follows of any kind of thing: by a person or an address without an account, explicit or implicit, of a
 * named or drawn area; the one-click unsubscribe links; a person's list. Writes run in the caller's transaction.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../../core/actor.js';
import type { Database } from '../../../core/db.js';
import { AppError, notFound, validationFailed } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import { areaKey, type FollowableChecks, type GeoPolygon, type Q } from '../notifications.common.js';
import type { FollowsRepository } from './follows.repository.js';

export interface FollowsServiceDeps {
  db: Kysely<Database>;
  follows: FollowsRepository;
  checks: FollowableChecks;
  kinds: () => string[];
}

export class FollowsService {
  constructor(private readonly d: FollowsServiceDeps) {}

  /** Follows a thing for a person (or an address without an account); true when new. In the caller's transaction. */
  follow(q: Q, f: { tenantId: number; kind: string; id: string; userId?: string | null; email?: string | null; implicit?: boolean; pendingTokenHash?: string | undefined }): Promise<boolean> {
    return this.d.follows.follow(q, { tenantId: f.tenantId, kind: f.kind, target: f.kind === 'area' ? areaKey(f.id) : f.id, userId: f.userId, email: f.email, implicit: f.implicit, pendingTokenHash: f.pendingTokenHash });
  }

  /** The confirmation link of a pending follow (double opt-in): returns what it follows, once; else undefined. */
  confirmFollow(q: Q, tokenHash: string) {
    return this.d.follows.confirm(q, tokenHash);
  }

  /** Drops pending follows of a kind whose confirmation link nobody opened within `days`. */
  expirePendingFollows(kind: string, days: number): Promise<number> {
    return this.d.follows.expirePending(kind, days);
  }

  followMany(q: Q, f: { tenantId: number; kind: string; id: string }, userIds: string[]): Promise<number> {
    return this.d.follows.followMany(q, { tenantId: f.tenantId, kind: f.kind, target: f.id }, [...new Set(userIds)]);
  }

  unfollow(q: Q, f: { tenantId: number; kind: string; id: string; userId?: string | null; email?: string | null }): Promise<boolean> {
    return this.d.follows.unfollow(q, { tenantId: f.tenantId, kind: f.kind, target: f.kind === 'area' ? areaKey(f.id) : f.id }, f);
  }

  isFollowing(tenantId: number, kind: string, id: string, userId: string, q?: Q): Promise<boolean> {
    return this.d.follows.isFollowing({ tenantId, kind, target: kind === 'area' ? areaKey(id) : id }, userId, q);
  }

  /** The accounts following one thing (read in the caller's transaction when given). */
  followerUserIds(tenantId: number, kind: string, id: string, q?: Q): Promise<string[]> {
    return this.d.follows.userIds({ tenantId, kind, target: kind === 'area' ? areaKey(id) : id }, q);
  }

  followerCounts(tenantId: number, kind: string, ids: string[], q?: Q): Promise<Map<string, number>> {
    return this.d.follows.counts(tenantId, kind, ids, q);
  }

  async followerCount(tenantId: number, kind: string, id: string, q?: Q): Promise<number> {
    return (await this.d.follows.counts(tenantId, kind, [id], q)).get(id) ?? 0;
  }

  /** A thing was deleted: nobody follows it any more. */
  dropFollows(q: Q, f: { tenantId: number; kind: string; id: string }): Promise<void> {
    return this.d.follows.dropThing(q, { tenantId: f.tenantId, kind: f.kind, target: f.id });
  }

  /** Everyone who follows `from` now also follows `toId` (a merged duplicate); returns how many were new. */
  copyFollowers(q: Q, from: { tenantId: number; kind: string; id: string }, toId: string, toKind = from.kind): Promise<number> {
    return this.d.follows.copyFollowers(q, { tenantId: from.tenantId, kind: from.kind, target: from.id }, toId, toKind);
  }

  /** The one-click link in e-mails: ends the follow with this token (once). */
  async unfollowByToken(q: Q, token: string) {
    if (!/^[0-9a-f-]{36}$/i.test(token)) return undefined;
    return this.d.follows.unfollowByToken(q, token);
  }

  followByToken(token: string) {
    return /^[0-9a-f-]{36}$/i.test(token) ? this.d.follows.byToken(token) : Promise.resolve(undefined);
  }

  /** What a person follows (all cities, or one). */
  myFollows(userId: string, tenantId?: number) {
    return this.d.follows.listForUser(userId, tenantId);
  }

  /** An erased account: its follows go (content is anonymised by each module's own handler). */
  forgetUser(q: Q, userId: string): Promise<void> {
    return this.d.follows.dropUser(q, userId);
  }

  /** Follows a thing for the caller after checking it exists and they may see it (404 otherwise). */
  async followChecked(actor: Actor, tenant: TenantRow, input: { kind: string; id?: string | undefined; polygon?: GeoPolygon | undefined }, on: boolean): Promise<{ kind: string; id: string }> {
    if (actor.kind !== 'user') throw new AppError(401, 'unauthorized', 'Sign in to follow.');
    const checks = this.d.checks(input.kind);
    if (!checks) throw validationFailed([{ field: 'kind', message: `not a kind of thing one can follow here (one of: ${this.d.kinds().join(', ')})`, code: 'invalid_value' }]);
    if (input.kind === 'area' && input.polygon) return this.followDrawnArea(actor.user.id, tenant, input.polygon, on);
    if (!input.id) throw validationFailed([{ field: 'id', message: 'say which one to follow', code: 'required' }]);
    const id = input.kind === 'area' ? areaKey(input.id) : input.id;
    const { db, follows } = this.d;
    if (on) {
      // A drawn area is its own proof of existence; anything else must exist and be visible to the caller.
      const drawn = input.kind === 'area' && id.startsWith('p-');
      let seen = drawn && (await follows.isFollowing({ tenantId: tenant.id, kind: 'area', target: id }, actor.user.id));
      for (const c of checks) if (!seen) seen = await c.exists(actor, tenant, input.id);
      if (!seen) throw notFound(input.kind);
      await follows.follow(db, { tenantId: tenant.id, kind: input.kind, target: id, userId: actor.user.id });
    } else if (!(await follows.unfollow(db, { tenantId: tenant.id, kind: input.kind, target: id }, { userId: actor.user.id }))) throw notFound('follow');
    return { kind: input.kind, id };
  }

  /** A drawn area is named by a hash of its ring, so drawing the same area again finds the same follow. */
  private async followDrawnArea(userId: string, tenant: TenantRow, polygon: GeoPolygon, on: boolean): Promise<{ kind: string; id: string }> {
    const ring = polygon.coordinates[0]!;
    const target = `p-${createHash('sha256').update(JSON.stringify(polygon.coordinates)).digest('hex').slice(0, 16)}`;
    if (on) {
      const lons = ring.map((p) => p[0]!);
      const lats = ring.map((p) => p[1]!);
      await this.d.follows.follow(this.d.db, {
        tenantId: tenant.id, kind: 'area', target, userId, polygon,
        box: { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) },
      });
    } else await this.d.follows.unfollow(this.d.db, { tenantId: tenant.id, kind: 'area', target }, { userId });
    return { kind: 'area', id: target };
  }
}
