import { describe, expect, it } from 'vitest';
import { snapBbox } from './map-box.js';

describe('snapBbox', () => {
  const parse = (b: string) => b.split(',').map(Number) as [number, number, number, number];

  it('widens a box outward to a grid, so nearby views ask the same box', () => {
    const a = '21.21905,45.74811,21.23195,45.75709';
    const b = '21.21911,45.74823,21.23204,45.75716'; // the same view panned by a metre
    expect(snapBbox(a)).toBe(snapBbox(b));
    const [w, s, e, n] = parse(snapBbox(a));
    const [w0, s0, e0, n0] = parse(a);
    expect(w).toBeLessThanOrEqual(w0);
    expect(s).toBeLessThanOrEqual(s0);
    expect(e).toBeGreaterThanOrEqual(e0);
    expect(n).toBeGreaterThanOrEqual(n0);
    // at most a quarter of the span more on each side
    expect(w0 - w + (e - e0)).toBeLessThanOrEqual((e0 - w0) / 2);
  });

  it('keeps a box inside the world and leaves what is not a box alone', () => {
    const [w, s, e, n] = parse(snapBbox('-179.99,-89.99,179.99,89.99'));
    expect([w, s, e, n]).toEqual([-180, -90, 180, 90]);
    expect(snapBbox('x,1,2,3')).toBe('x,1,2,3');
    expect(snapBbox('1,1,1,1')).toBe('1,1,1,1');
  });
});
