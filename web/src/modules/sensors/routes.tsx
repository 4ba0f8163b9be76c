/**
 * The sensors module's pages (issue 6): the air-quality map and city view, a sensor's charts, and the
 * alert history with the staff's alert rules.
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './sensors.css';

const AirPage = lazyPage(() => import('./pages/AirPage'), 'AirPage');
const AlertsPage = lazyPage(() => import('./pages/AlertsPage'), 'AlertsPage');
const SensorPage = lazyPage(() => import('./pages/SensorPage'), 'SensorPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/air', element: <AirPage /> },
  { path: '/:tenant/air/alerts', element: <AlertsPage /> },
  { path: '/:tenant/air/sensors/:id', element: <SensorPage /> },
];

export const sections: CitySection[] = [{ path: 'air', labelKey: 'sensors.section.air', descriptionKey: 'sensors.section.airDescription', order: 40 }];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [{ path: 'air', labelKey: 'sensors.tools.air', group: 'data' }];
