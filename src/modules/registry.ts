/**
 * The feature modules, in dependency order (a module may use the services of those above it).
 * Add a module with one line here.
 */
import type { AnyUrbiaModule } from './module.js';
import { strategyModule } from './strategy/index.js';
import { reportsModule } from './reports/index.js';
import { sensorsModule } from './sensors/index.js';
import { participationModule } from './participation/index.js';
import { opendataModule } from './opendata/index.js';
import { monitoringModule } from './monitoring/index.js';
import { directoryModule } from './directory/index.js';
import { consoleModule } from './console/index.js';
import { privacyModule } from './users/index.js';

export const MODULES: AnyUrbiaModule[] = [
  strategyModule,
  reportsModule,
  sensorsModule,
  participationModule,
  opendataModule,
  monitoringModule,
  directoryModule,
  consoleModule,
  // last: it gathers every module's personalData hook for a person's data export
  privacyModule,
];
