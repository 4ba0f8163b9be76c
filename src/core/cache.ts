/**
 * A bounded cache of values built from database state, each kept with the version of that state it was built
 * from. The caller reads the current version cheaply (one query: counts and last-change times) and gets the
 * kept value only when the version is the same, so the value is never stale, also with several processes on
 * one PostgreSQL server — unlike invalidation by events, which other processes never see. The oldest entry
 * goes when the bound is reached.
 */
export class VersionedCache<K, V> {
  private readonly entries = new Map<K, { version: string; value: V }>();
  constructor(private readonly max: number) {}

  /** The value kept for `key` if it was built from `version`; otherwise builds, keeps and returns a new one. */
  async get(key: K, version: string, build: () => Promise<V> | V): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = await build();
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { version, value });
    return value;
  }

  /** How many values are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
