import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../core/version.js';
import { diffDocuments } from './strategy.diff.js';
import { StrategyDocument, strategyJsonSchema } from './strategy.document.js';
import { elapsedPercent, evaluateKpi, targetValue } from './strategy.kpi.js';
import { normalizeSearch } from './strategy.search.js';

const period = { start: 2022, end: 2027 };
const kpi = (over: Partial<Parameters<typeof evaluateKpi>[0]> = {}) => ({
  direction: 'increase' as const,
  baseline: { available: true, value: 100 },
  target: { kind: 'absolute' as const, value: 200, year: 2027 },
  ...over,
});

describe('KPI progress and status (docs/strategy.md)', () => {
  it('computes the target value of each target kind', () => {
    expect(targetValue(kpi({ target: { kind: 'multiplier', value: 5 } }))).toBe(500);
    expect(targetValue(kpi({ target: { kind: 'delta', value: 20 } }))).toBe(120);
    expect(targetValue(kpi({ target: { kind: 'absolute', value: 10 } }))).toBe(10);
    expect(targetValue(kpi({ baseline: { available: false, value: null }, target: { kind: 'multiplier', value: 3 } }))).toBeNull();
  });

  it('measures progress from baseline to target, in either direction, capped to 0–100', () => {
    expect(evaluateKpi(kpi(), { value: 150, date: '2027-12-31' }, period)).toMatchObject({ progress: 50, status: 'off_track' });
    expect(evaluateKpi(kpi(), { value: 50, date: '2023-01-01' }, period).progress).toBe(0);
    expect(evaluateKpi(kpi(), { value: 250, date: '2023-01-01' }, period)).toMatchObject({ progress: 100, status: 'on_track', reason: 'target_reached' });
    // PM2.5: 22.04 → 10 µg/m³
    const pm = kpi({ direction: 'decrease', baseline: { available: true, value: 22.04 }, target: { kind: 'absolute', value: 10, year: 2027 } });
    expect(evaluateKpi(pm, { value: 16.02, date: '2024-12-31' }, period)).toMatchObject({ progress: 50, status: 'on_track' });
    expect(evaluateKpi(pm, { value: 9, date: '2024-12-31' }, period)).toMatchObject({ progress: 100, reason: 'target_reached' });
  });

  it('compares progress with the share of the period elapsed at the latest value', () => {
    // Half of 2022–2027 has elapsed at the start of 2025.
    expect(elapsedPercent(period, new Date('2025-01-01T00:00:00Z'))).toBeCloseTo(50, 0);
    const at = (value: number) => evaluateKpi(kpi(), { value, date: '2025-01-01' }, period).status;
    expect(at(145)).toBe('on_track'); // 45 % ≥ 50 − 10
    expect(at(130)).toBe('at_risk'); // 30 % ≥ 50 − 25
    expect(at(120)).toBe('off_track');
  });

  it('says "no data" honestly, with the reason', () => {
    expect(evaluateKpi(kpi(), null, period)).toMatchObject({ status: 'no_data', reason: 'no_measurement', progress: null });
    expect(evaluateKpi(kpi(), null, period, 'metric_not_registered').reason).toBe('metric_not_registered');
    expect(evaluateKpi(kpi({ baseline: { available: false, value: null } }), { value: 150, date: '2025-01-01' }, period)).toMatchObject({ status: 'no_data', reason: 'no_baseline' });
    expect(evaluateKpi(kpi({ target: { kind: 'none', value: null } }), { value: 150, date: '2025-01-01' }, period)).toMatchObject({ status: 'no_data', reason: 'no_target' });
  });

  it('scores yes/no targets 0 or 100 %', () => {
    const yes = kpi({ direction: 'reach', baseline: { available: true, value: 0 }, target: { kind: 'boolean', value: 1, year: 2027 } });
    expect(evaluateKpi(yes, { value: 0, date: '2027-06-01' }, period)).toMatchObject({ progress: 0, status: 'off_track' });
    expect(evaluateKpi(yes, { value: 1, date: '2023-06-01' }, period)).toMatchObject({ progress: 100, status: 'on_track' });
  });
});

describe('strategy document', () => {
  it('data/strategies/strategy.schema.json is the JSON Schema generated from the zod schema', () => {
    const file = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/strategy.schema.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(strategyJsonSchema())));
  });

  it('normalises Romanian diacritics (both comma and cedilla forms) for search', () => {
    expect(normalizeSearch('Timișoara Timişoara TIMIȘOARA')).toBe('timisoara timisoara timisoara');
    expect(normalizeSearch('participativă, Țară, ţară, în, câmp')).toBe('participativa tara tara in camp');
  });

  it('diffs documents by code, field by field', () => {
    const doc = StrategyDocument.parse(JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')));
    const next = structuredClone(doc);
    next.kpis[0]!.target.value = 6;
    next.pillars[0]!.children.splice(0, 0, { code: 'A1.0', kind: 'objective', title: { ro: 'Nou' } });
    next.projects = next.projects.filter((p) => p.code !== 'A7.P1');
    const changes = diffDocuments(doc, next);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'kpi', code: doc.kpis[0]!.code, change: 'changed', fields: [{ field: 'target.value', before: 5, after: 6 }] }),
        expect.objectContaining({ type: 'objective', code: 'A1.0', change: 'added' }),
        expect.objectContaining({ type: 'project', code: 'A7.P1', change: 'removed' }),
      ]),
    );
    expect(changes).toHaveLength(3);
    expect(diffDocuments(doc, doc)).toEqual([]);
  });
});
