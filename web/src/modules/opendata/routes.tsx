/** The open data pages (issue 7): the searchable catalogue, a dataset with preview and API snippet, staff uploads. */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './opendata.css';

const CataloguePage = lazyPage(() => import('./pages/CataloguePage'), 'CataloguePage');
const DatasetPage = lazyPage(() => import('./pages/DatasetPage'), 'DatasetPage');
const UploadsPage = lazyPage(() => import('./pages/UploadsPage'), 'UploadsPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/opendata', element: <CataloguePage /> },
  { path: '/:tenant/opendata/manage', element: <UploadsPage /> },
  { path: '/:tenant/opendata/:id', element: <DatasetPage /> },
];

export const sections: CitySection[] = [{ path: 'opendata', labelKey: 'opendata.section.label', descriptionKey: 'opendata.section.description', order: 60 }];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [{ path: 'opendata/manage', labelKey: 'opendata.tools.manage', group: 'data', counters: ['opendata.uploadsDraft'] }];
