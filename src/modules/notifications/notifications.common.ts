/**
 * What the hub's parts (follows, feeds, inbox, preferences, digests) and the modules that use the hub share:
 * the notice and follow types, and how an area's name becomes its key.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../core/actor.js';
import type { Database } from '../../core/db.js';
import type { EventType, OutboxEvent } from '../../core/events.js';
import type { Locale } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { NoticeParams } from './notifications.templates.js';

/** A transaction, or the database for a write that is one statement on its own. */
export type Q = Transaction<Database> | Kysely<Database>;

export interface NotifyInput {
  user: { id: string; email: string; locale: Locale };
  tenantId: number | null;
  kind: string;
  subject: string;
  body: string;
  /** a path on this site, e.g. /timisoara/projects/A1.P11 */
  link?: string;
  /** also send an email (default true) */
  email?: boolean;
}

/** A kind of thing people can follow, registered by the module that owns it. */
export interface Followable {
  /** true when the thing exists in this city and the caller may see it */
  exists(actor: Actor, tenant: TenantRow, id: string): Promise<boolean>;
}

/** The checks registered for a kind of thing to follow (undefined: nobody offers that kind). */
export type FollowableChecks = (kind: string) => Followable[] | undefined;

/** What an event means for followers: the thing it is about, the template and its parameters. */
export interface Notice {
  tenantId: number;
  /** the followed thing; its followers are notified */
  thing: { kind: string; id: string };
  /** the template key (also the inbox row's kind) */
  template: string;
  params: NoticeParams;
  /** a path on this site */
  link: string;
  /** other followed things whose followers hear too (an alert type besides the sensor that raised it) */
  alsoThings?: { kind: string; id: string }[];
  /**
   * also notify the followers of the area the thing is in: an area key and/or a point (a point also reaches
   * the followers of the named areas that the modules' area resolvers place it in, and of drawn areas around it)
   */
  area?: { key?: string | null | undefined; lat?: number | null | undefined; lon?: number | null | undefined };
  /** people to notify even without a follow (e.g. the author of an answered proposal) */
  alsoUsers?: string[];
  /** false: only `alsoUsers` hear (a variant of the text for them), not the thing's followers (default true) */
  followers?: boolean;
  /** people not to notify (e.g. the staff member who made the change) */
  exceptUsers?: string[];
  /** send e-mail too (default true) */
  email?: boolean;
}

/** The keys of the named areas that hold a point in a city (none: []). */
export type AreaResolver = (tenantId: number, lat: number, lon: number) => Promise<string[]>;

export type NoticeBuilder<T extends EventType> = (event: OutboxEvent<T>) => Promise<Notice | Notice[] | null | undefined>;

/**
 * A follow's existence check over a module's own read: true when it loads, false when it throws (not found,
 * or not visible to the caller).
 */
export async function loads(load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load();
    return true;
  } catch {
    return false;
  }
}

/** The same for a thing keyed by a database id: an id that is not a number names nothing. */
export function loadsById(id: string, load: (id: number) => Promise<unknown>): Promise<boolean> {
  return /^\d{1,9}$/.test(id) ? loads(() => load(Number(id))) : Promise.resolve(false);
}

/** Area keys are compared without case or diacritics ("Cetate", "cetate" and "CETATE" are one area). */
export function areaKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface GeoPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}
