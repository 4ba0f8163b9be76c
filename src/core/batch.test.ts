import { describe, expect, it } from 'vitest';
import { BatchLoader } from './batch.js';

describe('BatchLoader', () => {
  it('keys asked for in one turn, or while a look-up runs, go in one look-up each; a lone key at once', async () => {
    const calls: string[][] = [];
    const loader = new BatchLoader<string, string>(async (keys) => {
      calls.push(keys);
      await new Promise((r) => setTimeout(r, 20));
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    expect(await loader.get('solo')).toBe('SOLO');
    const first = Promise.all(['a', 'b', 'a'].map((k) => loader.get(k)));
    await new Promise((r) => setTimeout(r, 5)); // the first look-up is running
    const second = Promise.all(['c', 'd', 'missing', 'e'].map((k) => loader.get(k)));
    expect(await first).toEqual(['A', 'B', 'A']);
    expect(await second).toEqual(['C', 'D', undefined, 'E']);
    expect(calls).toEqual([['solo'], ['a', 'b'], ['c', 'd', 'missing', 'e']]);
  });

  it('a failed look-up fails its waiters only, and the next one runs', async () => {
    let fail = true;
    const loader = new BatchLoader<number, number>(async (keys) => {
      if (fail) throw new Error('down');
      return new Map(keys.map((k) => [k, k * 2]));
    }, 2);
    await expect(loader.get(1)).rejects.toThrow('down');
    fail = false;
    expect(await Promise.all([1, 2, 3].map((k) => loader.get(k)))).toEqual([2, 4, 6]);
    expect(loader.batches).toBe(3); // at most 2 keys per look-up
  });
});
