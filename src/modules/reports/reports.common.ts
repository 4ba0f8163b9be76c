/**
 * What the reports' services share: the hashing of emailed tokens, the way an address is compared, and the
 * caches of public counts and statistics that every change clears.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TtlCache } from '../../core/cache.js';
import { cacheChanged, invalidateOnEvents, onCacheChange } from '../../core/cachebus.js';
import type { Db } from '../../core/db.js';
import type { ReportsRepository } from './reports/reports.repository.js';

/** Public counts and statistics may lag this far behind; changes made in this process clear them at once. */
export const STATS_TTL_MS = 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');
export const normalizeEmail = (e: string) => e.trim().toLowerCase();

/**
 * The public answers every visitor asks alike (a page of the list, a box of the map) are kept as JSON text this
 * long at most; any change to a report drops them at once in every process (the events below), so the time
 * only bounds what no event announces.
 */
export const ANSWER_TTL_MS = 30_000;
const ANSWERS_TOPIC = 'reports.answers';
/** the events after which a public list or map may read differently */
const REPORT_CHANGED_EVENTS = ['reports.report.created', 'reports.report.confirmed', 'reports.report.updated', 'reports.report.hidden', 'reports.report.supported'] as const;

/** For a change to reports that no event announces (generated reports): drops the public answers in every process. */
export const reportsChanged = (db: Db, tenantId: number) => cacheChanged(db, ANSWERS_TOPIC, tenantId);

export class ReportCaches {
  readonly count = new TtlCache<string, number>(500, STATS_TTL_MS);
  /** JSON text of public answers; bounded in number, since a map answer may be ~100 kB */
  readonly answers = new TtlCache<string, string>(200, ANSWER_TTL_MS);
  readonly stats = new TtlCache<string, Awaited<ReturnType<ReportsRepository['stats']>>>(100, STATS_TTL_MS);
  readonly areaStats = new TtlCache<string, Awaited<ReturnType<ReportsRepository['statsByArea']>>>(100, STATS_TTL_MS);

  /** `tiles`: the map's tiles (MapTiles), dropped with the answers built from them */
  constructor(private readonly tiles: { clear(): void }) {
    invalidateOnEvents(ANSWERS_TOPIC, REPORT_CHANGED_EVENTS);
    onCacheChange(ANSWERS_TOPIC, () => {
      this.tiles.clear();
      this.answers.clear();
    });
  }

  /** Drops cached statistics and public counts (after a change, the next read is fresh). */
  clear(): void {
    this.count.clear();
    this.tiles.clear();
    this.answers.clear();
    this.stats.clear();
    this.areaStats.clear();
  }
}
