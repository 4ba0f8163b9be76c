/**
 * Look-ups by key that many requests make at the same moment (a session per signed-in request), gathered into
 * one statement: keys asked for while a look-up is running wait for it to end and then go together in the next
 * one; keys asked for in the same turn of the event loop go together at once. No timer and no added wait when
 * the process is quiet: a lone key is looked up at the next tick. Under load, one statement serves many
 * requests (and one server transaction instead of one each).
 */
export class BatchLoader<K, V> {
  private queue = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  private busy = false;
  private scheduled = false;
  /** statements run (for tests) */
  batches = 0;

  /**
   * @param load looks up many keys in one statement; keys it does not return resolve to undefined
   * @param max at most this many keys per statement
   */
  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly max = 100,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.queue.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
      this.kick();
    });
  }

  private kick(): void {
    if (this.busy || this.scheduled || this.queue.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.busy || this.queue.size === 0) return;
    this.busy = true;
    const batch = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
    for (const [k, w] of this.queue) {
      if (batch.size >= this.max) break;
      batch.set(k, w);
    }
    for (const k of batch.keys()) this.queue.delete(k);
    this.batches++;
    try {
      const found = await this.load([...batch.keys()]);
      for (const [k, waiting] of batch) for (const w of waiting) w.resolve(found.get(k));
    } catch (e) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(e);
    } finally {
      this.busy = false;
      this.kick();
    }
  }
}
