/**
 * The strategy module's pages (issue 3): the strategy overview, ambitions, projects and KPIs, and the
 * staff tools (edits on the pages themselves, revisions and CSV import under /strategy/admin).
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { KpiPage } from './pages/KpiPage';
import { KpisPage } from './pages/KpisPage';
import { PillarPage } from './pages/PillarPage';
import { ProjectPage } from './pages/ProjectPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { StrategyAdminPage } from './pages/StrategyAdminPage';
import { TranslatePage } from './pages/TranslatePage';
import { StrategyOverviewPage } from './pages/StrategyOverviewPage';
import './strategy.css';

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
