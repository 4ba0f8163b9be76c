export interface Multiloc {
  ro: string;
  en?: string;
  hu?: string;
}
import type { QuestionResult, QuestionType } from '../../../../../src/shared/survey-results';

export type { OptionResult, QuestionResult, QuestionType } from '../../../../../src/shared/survey-results';
export interface Question {
  key: string;
  type: QuestionType;
  title: Multiloc;
  help?: Multiloc;
  required: boolean;
  section?: string;
  options?: { key: string; label: Multiloc; group?: Multiloc }[];
  maxChoices?: number;
  min?: number;
  max?: number;
  votes?: number;
  rows?: { key: string; label: Multiloc }[];
  showIf?: { question: string; equals: string };
}
/** A question about the person answering, asked at the start of the form; values from the list only. */
export interface RespondentAttribute {
  key: string;
  label: Multiloc;
  help?: Multiloc;
  required: boolean;
  options: { key: string; label: Multiloc }[];
  showIf?: { attribute: string; equals: string };
}
export interface AudienceAttribute {
  key: string;
  values: string[];
}
export interface SurveySection {
  key: string;
  title: Multiloc;
  description?: Multiloc;
}
export interface SurveySummary {
  id: number;
  slug: string;
  title: Multiloc;
  description: Multiloc;
  audience: string;
  anonymous: boolean;
  status: string;
  reconstructed: boolean;
  responses: number;
}
export interface Survey extends SurveySummary {
  sections: SurveySection[];
  questions: Question[];
  attributes: RespondentAttribute[];
  audienceAttribute: AudienceAttribute | null;
  audienceRoles: string[];
  myResponse: { id: number; submittedAt: string } | null;
  abilities: { answer: boolean; manage: boolean; edit: boolean };
}
export interface SurveyResults {
  survey: SurveySummary & { questions: Question[]; sections: Survey['sections']; attributes: RespondentAttribute[] };
  respondents: number;
  reconstructed: boolean;
  /** clusters shared by several open questions, over all their coded answers */
  openClusters: { label: string; n: number; pct: number; questions: string[] }[];
  filter: { key: string; value: string } | null;
  attributes: { key: string; values: { value: string; count: number }[] }[];
  questions: QuestionResult[];
}
export type AnswerValue = string | number | string[] | Record<string, number> | Record<string, string>;

export interface Budget {
  id: number;
  slug: string;
  title: Multiloc;
  description: Multiloc;
  total: number;
  currency: string;
  scope: string;
  eligibility: { verifiedEmail?: boolean; verifiedResident?: boolean; minAge?: number; maxAge?: number };
  votingRule: 'threshold_percent' | 'minimum_projects' | 'selected_projects';
  thresholdPercent: number;
  minProjects: number;
  maxProjects: number | null;
  voteType: string;
  status: string;
}
export interface BudgetProject {
  id: number;
  code: string;
  title: Multiloc;
  description: Multiloc;
  cost: number;
  lat: number | null;
  lon: number | null;
  review: 'proposed' | 'eligible' | 'ineligible' | 'costed' | 'ready';
  reviewReason: string | null;
  costNote: string | null;
  proposedCost: number | null;
  proposalId: number | null;
}
export interface Ballot {
  projectIds: number[];
  total: number;
  budget: number;
  checkedOutAt: string | null;
  canCheckout: boolean;
  problems: { field: string; message: string; code?: string }[];
}
export interface BudgetResults {
  budget: Budget;
  rule: string;
  ballots: number;
  spent: number;
  items: { project: BudgetProject; votes: number; score: number; selected: boolean }[];
}
export interface Proposal {
  id: number;
  title: string;
  body: string;
  category: string | null;
  lat: number | null;
  lon: number | null;
  state: 'published' | 'evaluating' | 'accepted' | 'rejected' | 'withdrawn';
  answer: Multiloc | null;
  answeredAt: string | null;
  strategyCode: string | null;
  supports: number;
  processId: number | null;
  createdAt: string;
}
export interface ProposalDetail extends Proposal {
  supported: boolean;
  images: { id: string; url: string; width: number; height: number }[];
  abilities: { support: boolean; answer: boolean; convert: boolean; withdraw: boolean; edit: boolean; flag: boolean };
}
export interface CommentItem {
  id: number;
  parentId: number | null;
  author: string | null;
  body: string | null;
  createdAt: string;
  edited: boolean;
  editableUntil: string;
  hidden: boolean;
  hiddenReason: string | null;
  mine: boolean;
}
export interface ProcessPhase {
  key: string;
  title: Multiloc;
  start: string;
  end: string;
  components: string[];
}
export interface Process {
  id: number;
  slug: string;
  title: Multiloc;
  description: Multiloc;
  scope: string;
  phases: ProcessPhase[];
  links: { type: 'pillar' | 'objective' | 'project'; code: string }[];
  currentPhase: string | null;
}
