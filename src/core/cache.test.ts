import { afterEach, describe, expect, it, vi } from 'vitest';
import { TtlCache, VersionedCache } from './cache.js';

describe('VersionedCache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a value while its version holds, builds again when the version changes, and drops the oldest at the bound', async () => {
    const cache = new VersionedCache<string, number>(2);
    let builds = 0;
    const build = () => ++builds;
    expect(await cache.get('a', 'v1', build)).toBe(1);
    expect(await cache.get('a', 'v1', build)).toBe(1);
    expect(await cache.get('a', 'v2', build)).toBe(2);
    await cache.get('b', 'v1', build);
    await cache.get('c', 'v1', build); // the bound is 2: 'a' goes
    expect(cache.size).toBe(2);
    expect(await cache.get('a', 'v2', build)).toBe(5);
  });

  it('builds again once a value is older than maxAgeMs, even under the same version', async () => {
    vi.useFakeTimers();
    const cache = new VersionedCache<string, number>(10, 5_000);
    let builds = 0;
    expect(await cache.get('s', 'v', () => ++builds)).toBe(1);
    vi.advanceTimersByTime(4_999);
    expect(await cache.get('s', 'v', () => ++builds)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await cache.get('s', 'v', () => ++builds)).toBe(2);
  });

  it('keeps nothing when the build fails', async () => {
    const cache = new VersionedCache<string, number>(10);
    await expect(cache.get('x', 'v', () => Promise.reject(new Error('no database')))).rejects.toThrow('no database');
    expect(cache.size).toBe(0);
  });

  it('shares a synchronously built value (a build in flight) between concurrent callers, and forgets it only if it is still the one kept', async () => {
    const cache = new VersionedCache<number, { n: number }>(10);
    let builds = 0;
    const build = () => ({ n: ++builds });
    const [a, b] = await Promise.all([cache.get(1, 'v', build), cache.get(1, 'v', build)]);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    cache.delete(1, { n: 99 });
    expect(await cache.get(1, 'v', build)).toBe(a);
    cache.delete(1, a);
    expect(cache.size).toBe(0);
    expect((await cache.get(1, 'v', build)).n).toBe(2);
    cache.delete(1);
    expect(cache.size).toBe(0);
  });
});

describe('TtlCache', () => {
  it('shares one build between concurrent callers, keeps it for the time to live, and drops the oldest at the bound', async () => {
    let now = 0;
    const cache = new TtlCache<string, number>(2, 60_000, () => now);
    let builds = 0;
    const build = async () => ++builds;
    const [a, b] = await Promise.all([cache.get('a', build), cache.get('a', build)]);
    expect([a, b, builds]).toEqual([1, 1, 1]);
    now = 59_999;
    expect(await cache.get('a', build)).toBe(1);
    now = 60_000;
    expect(await cache.get('a', build)).toBe(2);
    await cache.get('b', build);
    await cache.get('c', build); // the bound is 2: 'a' goes
    expect(cache.size).toBe(2);
    expect(await cache.get('a', build)).toBe(5);
    cache.delete('a');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('forgets a build that failed, so the next caller builds again', async () => {
    const cache = new TtlCache<string, number>(10, 60_000);
    await expect(cache.get('x', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(cache.size).toBe(0);
    expect(await cache.get('x', () => 7)).toBe(7);
  });
});
