import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRITERION_STATES } from './maturity.tables.js';
import { BY_2030, levelReached, WITH_IN_PROGRESS } from './maturity.levels.js';

const c = (level: number, state: (typeof CRITERION_STATES)[number]) => ({ level, state });

describe('level reached per pillar', () => {
  it('is the highest level whose criteria, and all below, are achieved', () => {
    expect(levelReached([])).toBe(0);
    expect(levelReached([c(1, 'not_started')])).toBe(0);
    expect(levelReached([c(1, 'achieved'), c(1, 'achieved'), c(2, 'achieved'), c(2, 'in_progress'), c(3, 'achieved')])).toBe(1);
    expect(levelReached([c(1, 'achieved'), c(2, 'achieved'), c(2, 'in_progress'), c(3, 'planned_2030')], WITH_IN_PROGRESS)).toBe(2);
    expect(levelReached([c(1, 'achieved'), c(2, 'achieved'), c(2, 'in_progress'), c(3, 'planned_2030'), c(4, 'not_started')], BY_2030)).toBe(3);
    // a level with no criteria neither blocks nor counts by itself
    expect(levelReached([c(1, 'achieved'), c(3, 'achieved')])).toBe(3);
    expect(levelReached([c(1, 'achieved'), c(3, 'not_started')])).toBe(1);
  });

  it('never decreases when a criterion moves towards achieved, and the forecasts are never below it', () => {
    const crit = fc.record({ level: fc.integer({ min: 1, max: 5 }), state: fc.constantFrom(...CRITERION_STATES) });
    fc.assert(
      fc.property(fc.array(crit, { maxLength: 30 }), fc.nat(), (cs, k) => {
        const base = levelReached(cs);
        expect(levelReached(cs, WITH_IN_PROGRESS)).toBeGreaterThanOrEqual(base);
        expect(levelReached(cs, BY_2030)).toBeGreaterThanOrEqual(levelReached(cs, WITH_IN_PROGRESS));
        if (!cs.length) return;
        const i = k % cs.length;
        const better = cs.map((x, j) => (j === i ? { ...x, state: 'achieved' as const } : x));
        expect(levelReached(better)).toBeGreaterThanOrEqual(base);
      }),
    );
  });
});
