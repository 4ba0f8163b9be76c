/**
 * The participation module's pages (issue 4): consultations and their results, participatory budgets
 * (ballot with a running total, results under greedy or equal shares), proposals with supports and comments.
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './participation.css';

const BudgetManagePage = lazyPage(() => import('./pages/BudgetManagePage'), 'BudgetManagePage');
const BudgetPage = lazyPage(() => import('./pages/BudgetPage'), 'BudgetPage');
const BudgetProjectPage = lazyPage(() => import('./pages/BudgetProjectPage'), 'BudgetProjectPage');
const BudgetResultsPage = lazyPage(() => import('./pages/BudgetResultsPage'), 'BudgetResultsPage');
const CodingPage = lazyPage(() => import('./pages/CodingPage'), 'CodingPage');
const ModerationPage = lazyPage(() => import('./pages/ModerationPage'), 'ModerationPage');
const ParticipationHome = lazyPage(() => import('./pages/ParticipationHome'), 'ParticipationHome');
const ProcessEditPage = lazyPage(() => import('./pages/ProcessEditPage'), 'ProcessEditPage');
const ProcessPage = lazyPage(() => import('./pages/ProcessPage'), 'ProcessPage');
const StaffCreatePage = lazyPage(() => import('./pages/StaffCreatePage'), 'StaffCreatePage');
const ProposalPage = lazyPage(() => import('./pages/ProposalPage'), 'ProposalPage');
const ProposalsPage = lazyPage(() => import('./pages/ProposalsPage'), 'ProposalsPage');
const SurveyEditPage = lazyPage(() => import('./pages/SurveyEditPage'), 'SurveyEditPage');
const SurveyPage = lazyPage(() => import('./pages/SurveyPage'), 'SurveyPage');
const SurveyResultsPage = lazyPage(() => import('./pages/SurveyResultsPage'), 'SurveyResultsPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/participation', element: <ParticipationHome /> },
  { path: '/:tenant/participation/new/:kind', element: <StaffCreatePage /> },
  { path: '/:tenant/surveys/:id', element: <SurveyPage /> },
  { path: '/:tenant/surveys/:id/edit', element: <SurveyEditPage /> },
  { path: '/:tenant/surveys/:id/results', element: <SurveyResultsPage /> },
  { path: '/:tenant/surveys/:id/coding', element: <CodingPage /> },
  { path: '/:tenant/budgets/:id', element: <BudgetPage /> },
  { path: '/:tenant/budgets/:id/results', element: <BudgetResultsPage /> },
  { path: '/:tenant/budgets/:id/manage', element: <BudgetManagePage /> },
  { path: '/:tenant/budgets/:id/projects/:project', element: <BudgetProjectPage /> },
  { path: '/:tenant/processes/:id', element: <ProcessPage /> },
  { path: '/:tenant/processes/:id/edit', element: <ProcessEditPage /> },
  { path: '/:tenant/moderation', element: <ModerationPage /> },
  { path: '/:tenant/proposals', element: <ProposalsPage /> },
  { path: '/:tenant/proposals/:id', element: <ProposalPage /> },
];

export const sections: CitySection[] = [
  { path: 'participation', labelKey: 'participation.section.label', descriptionKey: 'participation.section.description', order: 20 },
];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [
  { path: 'participation', labelKey: 'participation.tools.manage', group: 'participation', counters: ['participation.consultationsOpen', 'participation.budgetsVoting', 'participation.projectsToReview'] },
  { path: 'moderation', labelKey: 'participation.tools.moderation', group: 'participation', counters: ['participation.flaggedComments'] },
  { path: 'proposals', labelKey: 'participation.tools.proposals', group: 'participation' },
];
