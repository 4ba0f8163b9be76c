/**
 * The consultation question types and the shape of a consultation's results: one definition for the server
 * (survey.logic.ts computes them) and the web app (which draws them). Types only, no Node imports.
 */
export const QUESTION_TYPES = ['single', 'multiple', 'scale', 'ranking', 'allocation', 'short_text', 'long_text', 'matrix'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface OptionResult {
  key: string;
  count: number;
  /** % of the question's respondents (for allocation: % of all votes) */
  pct: number;
  /** % within the option's group, when options are grouped */
  pctOfGroup?: number;
  /** allocation: votes; ranking: Borda points */
  points?: number;
  /** ranking: mean position (1 = first) */
  meanPosition?: number;
}

export interface QuestionResult {
  key: string;
  type: QuestionType;
  /** respondents who answered this question */
  n: number;
  options?: OptionResult[];
  /** grouped options: selections per group and their share of all selections */
  groups?: { label: { ro: string; en?: string; hu?: string }; count: number; pct: number }[];
  /** total selections (multiple choice), votes (allocation) */
  total?: number;
  mean?: number;
  distribution?: { value: number; count: number; pct: number }[];
  rows?: { key: string; n: number; options: OptionResult[] }[];
  /** open text: the number of non-empty answers */
  texts?: number;
  /** open text: the staff's codes (clusters) with their share of the coded answers */
  codes?: { id: number; label: string; n: number; pct: number }[];
}
