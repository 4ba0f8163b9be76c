import { describe, expect, it } from 'vitest';
import { areaFor, areaKind, areasExact, areasOf } from './reports.areas.js';

describe('report areas', () => {
  it("puts a Timișoara point in the OpenStreetMap neighbourhood polygon that holds it (31 of them)", () => {
    const tm = areasOf({ slug: 'timisoara', boundary: null });
    expect(areaKind({ slug: 'timisoara' })).toBe('neighbourhoods');
    expect(areasExact({ slug: 'timisoara' })).toBe(true);
    expect(tm).toHaveLength(31);
    expect(new Set(tm.map((a) => a.code)).size).toBe(31);
    // real places: Piața Victoriei, Piața Traian (Fabric), Iosefin, the Complex Studențesc
    expect(areaFor(tm, 45.7537, 21.2257)).toBe('centru');
    expect(areaFor(tm, 45.7571, 21.2443)).toBe('fabric');
    expect(areaFor(tm, 45.744658, 21.200201)).toBe('iosefin');
    expect(areaFor(tm, 45.747, 21.239)).toBe('complex-studentesc');
    // every neighbourhood's own label point is inside it
    for (const a of tm) expect(areaFor(tm, a.lat, a.lon)).toBe(a.code);
    // fields at the edge of the territory are in no neighbourhood
    expect(areaFor(tm, 45.72, 21.3)).toBeNull();
    expect(areaFor(tm, null, null)).toBeNull();
  });

  it('takes the nearest seeded neighbourhood centre where there are no polygons (Baia Mare)', () => {
    expect(areasExact({ slug: 'baia-mare' })).toBe(false);
    expect(areaFor(areasOf({ slug: 'baia-mare', boundary: null }), 47.662, 23.606)).toBe('valea-rosie');
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
