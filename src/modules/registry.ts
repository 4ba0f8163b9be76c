/**
 * The feature modules, in dependency order (a module may use the services of those above it).
 * Add a module with one line here.
 */
import type { AnyCoreModule, AnyUrbiaModule } from './module.js';
import { tenantsModule } from './tenants/index.js';
import { notificationsModule } from './notifications/index.js';
import { usersModule, privacyModule } from './users/index.js';
import { auditModule } from './audit/index.js';
import { strategyModule } from './strategy/index.js';
import { reportsModule } from './reports/index.js';
import { sensorsModule } from './sensors/index.js';
import { participationModule } from './participation/index.js';
import { opendataModule } from './opendata/index.js';
import { monitoringModule } from './monitoring/index.js';
import { directoryModule } from './directory/index.js';
import { consoleModule } from './console/index.js';

/** The core modules, made before every feature module, in this order (users send mail through notifications). */
export const CORE_MODULES: AnyCoreModule[] = [tenantsModule, notificationsModule, usersModule, auditModule];

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
