/** A process's phases: which components (propose, comment, support, vote, answer) each one switches on. */
import type { Multiloc } from '../survey.logic.js';

export const COMPONENTS = ['propose', 'comment', 'support', 'vote', 'answer'] as const;
export type Component = (typeof COMPONENTS)[number];
export interface Phase {
  key: string;
  title: Multiloc;
  start: string;
  end: string;
  components: Component[];
}
export interface StrategyLink {
  type: 'pillar' | 'objective' | 'project';
  code: string;
}

/** The phase running on a date, if any. */
export function currentPhase(phases: Phase[], today = new Date().toISOString().slice(0, 10)): Phase | undefined {
  return phases.find((p) => p.start <= today && today <= p.end);
}
