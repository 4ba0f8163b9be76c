/**
 * The demo's reconstructed round for Baia Mare: states derived from the strategy text (Table 3's colours were
 * lost in extraction) must give each pillar the level the strategy states, and keep its words' distinctions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../../core/version.js';
import { reconstructedState } from './maturity.demo.js';
import { levelReached } from './maturity.levels.js';
import { MaturityModel } from './maturity.schemas.js';

const model = MaturityModel.parse((JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/baia-mare-2030.json'), 'utf8')) as { maturityMatrix: unknown }).maturityMatrix);

describe("Baia Mare's reconstructed maturity round", () => {
  it('gives every pillar the level its chapter 4.2 states', () => {
    for (const p of model.pillars) {
      const level = levelReached(p.criteria.map((c) => ({ level: c.level, state: reconstructedState(c, p) })));
      expect(level, p.code).toBe(p.currentLevel);
    }
  });

  it('keeps what the text says is current, under way or a 2030 target', () => {
    const state = (code: string) => {
      const p = model.pillars.find((x) => x.criteria.some((c) => c.code === code))!;
      return reconstructedState(p.criteria.find((c) => c.code === code)!, p);
    };
    expect(state('L2.3')).toBe('achieved'); // Living: "level 1 with level-2 elements", L2.3 in its current situation
    expect(state('Mo2.1')).toBe('in_progress');
    expect(state('Mo2.2')).toBe('in_progress');
    expect(state('C3.3')).toBe('planned_2030');
    expect(state('G5.1')).toBe('not_started');
    const all = model.pillars.flatMap((p) => p.criteria.map((c) => reconstructedState(c, p)));
    expect(all).toHaveLength(127);
    expect(new Set(all)).toEqual(new Set(['achieved', 'in_progress', 'planned_2030', 'not_started']));
  });
});
