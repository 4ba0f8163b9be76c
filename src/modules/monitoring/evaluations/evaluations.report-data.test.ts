/** Project status counts at the end of a report's period, from the projects' timelines (pure). */
import { describe, expect, it } from 'vitest';
import { statusAtEnd } from './evaluations.report-data.js';

describe('statusAtEnd', () => {
  const projects = [
    { code: 'P1', status: 'completed' },
    { code: 'P2', status: 'in_progress' },
    { code: 'P3', status: 'in_progress' },
    { code: 'P4', status: 'idea' },
  ];
  it('takes the last status dated by the end, not today’s, and ignores entries without a status', () => {
    const upToEnd = [
      { project: 'P1', status: 'planned' },
      { project: 'P1', status: 'in_progress' },
      { project: 'P1', status: null },
      { project: 'P2', status: 'in_progress' },
    ];
    // P1 completed after the period; P3 started after the period (its earlier status is unknown: planned); P4 never changed.
    const afterEnd = [
      { project: 'P1', status: 'completed' },
      { project: 'P3', status: 'in_progress' },
      { project: 'P4', status: null },
    ];
    expect(statusAtEnd(projects, upToEnd, afterEnd)).toEqual({ in_progress: 2, planned: 1, idea: 1 });
  });
  it('with no timeline at all, the counts are today’s', () => {
    expect(statusAtEnd(projects, [], [])).toEqual({ completed: 1, in_progress: 2, idea: 1 });
  });
});
