/**
 * The participation module's pages (issue 4): consultations and their results, participatory budgets
 * (ballot with a running total, results under greedy or equal shares), proposals with supports and comments.
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { BudgetManagePage } from './pages/BudgetManagePage';
import { BudgetPage } from './pages/BudgetPage';
import { BudgetProjectPage } from './pages/BudgetProjectPage';
import { BudgetResultsPage } from './pages/BudgetResultsPage';
import { CodingPage } from './pages/CodingPage';
import { ParticipationHome } from './pages/ParticipationHome';
import { ProcessPage } from './pages/ProcessPage';
import { StaffCreatePage } from './pages/StaffCreatePage';
import { ProposalPage } from './pages/ProposalPage';
import { ProposalsPage } from './pages/ProposalsPage';
import { SurveyEditPage } from './pages/SurveyEditPage';
import { SurveyPage } from './pages/SurveyPage';
import { SurveyResultsPage } from './pages/SurveyResultsPage';
import './participation.css';

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
  { path: '/:tenant/proposals', element: <ProposalsPage /> },
  { path: '/:tenant/proposals/:id', element: <ProposalPage /> },
];

export const sections: CitySection[] = [
  { path: 'participation', labelKey: 'participation.section.label', descriptionKey: 'participation.section.description', order: 20 },
];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [
  { path: 'participation', labelKey: 'participation.tools.manage', group: 'participation', counters: ['participation.consultationsOpen', 'participation.budgetsVoting', 'participation.projectsToReview', 'participation.flaggedComments'] },
  { path: 'proposals', labelKey: 'participation.tools.proposals', group: 'participation' },
];
