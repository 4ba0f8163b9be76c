/**
 * What the reports' services share: the hashing of emailed tokens, the way an address is compared, and the
 * caches of public counts and statistics that every change clears.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TtlCache } from '../../core/cache.js';
import type { ReportsRepository } from './reports/reports.repository.js';

/** Public counts and statistics may lag this far behind; changes made in this process clear them at once. */
export const STATS_TTL_MS = 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');
export const normalizeEmail = (e: string) => e.trim().toLowerCase();

export class ReportCaches {
  readonly count = new TtlCache<string, number>(500, STATS_TTL_MS);
  readonly stats = new TtlCache<string, Awaited<ReturnType<ReportsRepository['stats']>>>(100, STATS_TTL_MS);
  readonly areaStats = new TtlCache<string, Awaited<ReturnType<ReportsRepository['statsByArea']>>>(100, STATS_TTL_MS);

  /** Drops cached statistics and public counts (after a change, the next read is fresh). */
  clear(): void {
    this.count.clear();
    this.stats.clear();
    this.areaStats.clear();
  }
}
