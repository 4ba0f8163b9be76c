/**
 * The strategy module's pages (issue 3): the strategy overview, ambitions, projects and KPIs, and the
 * staff tools (edits on the pages themselves, revisions and CSV import under /strategy/admin).
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './strategy.css';

const KpiPage = lazyPage(() => import('./pages/KpiPage'), 'KpiPage');
const KpisPage = lazyPage(() => import('./pages/KpisPage'), 'KpisPage');
const PillarPage = lazyPage(() => import('./pages/PillarPage'), 'PillarPage');
const ProjectPage = lazyPage(() => import('./pages/ProjectPage'), 'ProjectPage');
const ProjectsPage = lazyPage(() => import('./pages/ProjectsPage'), 'ProjectsPage');
const StrategyAdminPage = lazyPage(() => import('./pages/StrategyAdminPage'), 'StrategyAdminPage');
const TranslatePage = lazyPage(() => import('./pages/TranslatePage'), 'TranslatePage');
const StrategyOverviewPage = lazyPage(() => import('./pages/StrategyOverviewPage'), 'StrategyOverviewPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/strategy', element: <StrategyOverviewPage /> },
  { path: '/:tenant/strategy/admin', element: <StrategyAdminPage /> },
  { path: '/:tenant/strategy/translate', element: <TranslatePage /> },
  { path: '/:tenant/strategy/:pillar', element: <PillarPage /> },
  { path: '/:tenant/projects', element: <ProjectsPage /> },
  { path: '/:tenant/projects/:code', element: <ProjectPage /> },
  { path: '/:tenant/kpis', element: <KpisPage /> },
  { path: '/:tenant/kpis/:code', element: <KpiPage /> },
];

export const sections: CitySection[] = [
  { path: 'strategy', labelKey: 'strategy.section.strategy', descriptionKey: 'strategy.section.strategyDescription', order: 10 },
  { path: 'projects', labelKey: 'strategy.section.projects', descriptionKey: 'strategy.section.projectsDescription', order: 11 },
  { path: 'kpis', labelKey: 'strategy.section.kpis', descriptionKey: 'strategy.section.kpisDescription', order: 12 },
];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [{ path: 'strategy/admin', labelKey: 'strategy.tools.editor', group: 'strategy' }];
