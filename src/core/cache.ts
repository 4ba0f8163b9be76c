/**
 * A bounded cache of values built from database state, each kept with the version of that state it was built
 * from. The caller reads the current version cheaply (one query: counts and last-change times) and gets the
 * kept value only when the version is the same, so the value is never stale, also with several processes on
 * one PostgreSQL server — unlike invalidation by events, which other processes never see. The oldest entry
 * goes when the bound is reached.
 */
export class VersionedCache<K, V> {
  private readonly entries = new Map<K, { version: string; value: V; at: number }>();
  /**
   * @param max how many values are kept
   * @param maxAgeMs when given, a value older than this is built again even if its version is the same
   *   (for values that also depend on what no version shows: the clock, other processes' changes)
   */
  constructor(
    private readonly max: number,
    private readonly maxAgeMs = Infinity,
  ) {}

  /**
   * The value kept for `key` if it was built from `version` (and is young enough); otherwise builds, keeps and
   * returns a new one. A value built synchronously is kept before this returns, so a value that holds a
   * promise (a build in flight) is shared by the callers that arrive while it settles.
   */
  async get(key: K, version: string, build: () => Promise<V> | V): Promise<V> {
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.version === version && now - hit.at < this.maxAgeMs) return hit.value;
    const built = build();
    const value = built instanceof Promise ? await built : built;
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { version, value, at: now });
    return value;
  }

  /** Forgets `key`'s value — only if it is still `value`, when given (a failed build must not drop its successor). */
  delete(key: K, value?: V): void {
    const hit = this.entries.get(key);
    if (hit && (value === undefined || hit.value === value)) this.entries.delete(key);
  }

  /** How many values are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Values that may be a little stale (public counts, statistics, look-ups read on most requests), each kept for
 * `ttlMs` and bounded in number (the oldest goes first). The value is kept as a promise: callers arriving while it is
 * being built share that one build, and a build that fails is forgotten at once so the next caller tries again.
 * Changes made in this process clear what they affect (`delete`, `clear`); other processes see them after `ttlMs`.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { at: number; value: Promise<V> }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value kept for `key` if it is younger than the time to live; otherwise builds, keeps and returns a new one. */
  get(key: K, build: () => Promise<V> | V): Promise<V> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && at - hit.at < this.ttlMs) return hit.value;
    const value = Promise.resolve().then(build);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { at, value });
    return value;
  }

  /** Whether a value young enough is kept (or being built) for `key`. */
  has(key: K): boolean {
    const hit = this.entries.get(key);
    return hit !== undefined && this.now() - hit.at < this.ttlMs;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** How many values are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
