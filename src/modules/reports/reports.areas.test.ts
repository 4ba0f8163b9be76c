import { describe, expect, it } from 'vitest';
import { areaFor, areaKind, areasOf } from './reports.areas.js';

describe('report areas', () => {
  it('takes the nearest seeded neighbourhood centre', () => {
    const tm = areasOf({ slug: 'timisoara', boundary: null });
    expect(areaKind({ slug: 'timisoara' })).toBe('neighbourhoods');
    expect(areaFor(tm, 45.757, 21.229)).toBe('cetate');
    expect(areaFor(tm, 45.761, 21.25)).toBe('fabric');
    expect(areaFor(areasOf({ slug: 'baia-mare', boundary: null }), 47.662, 23.606)).toBe('valea-rosie');
    expect(areaFor(tm, null, null)).toBeNull();
  });

  it('falls back to a named 3×3 grid over the boundary for other cities', () => {
    const boundary = { type: 'Polygon' as const, coordinates: [[[20, 40], [23, 40], [23, 43], [20, 43], [20, 40]]] };
    const grid = areasOf({ slug: 'elsewhere', boundary });
    expect(areaKind({ slug: 'elsewhere' })).toBe('grid');
    expect(grid.map((a) => a.code)).toEqual(['n-v', 'n', 'n-e', 'v', 'c', 'e', 's-v', 's', 's-e']);
    expect(areaFor(grid, 42.9, 20.1)).toBe('n-v');
    expect(areaFor(grid, 41.5, 21.5)).toBe('c');
    expect(areaFor(grid, 40.1, 22.9)).toBe('s-e');
    expect(areasOf({ slug: 'elsewhere', boundary: null })).toEqual([]);
  });
});
