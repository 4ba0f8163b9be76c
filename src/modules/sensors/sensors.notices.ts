/**
 * Air-quality alerts for the people who follow a sensor, the alert type (the property), its area (by name or
 * neighbourhood) or a drawn area containing it:
 * templates in ro/en/hu and the event → notice builders the notifications hub runs after the alert commits;
 * the hub's existence checks for `sensors.sensor`, `sensors.alert` and `area` follows.
 */
import { type Followable, noticeTemplates, type NotificationsService } from '../notifications/index.js';
import type { TenantsService } from '../tenants/index.js';
import { isProperty, PROPERTIES } from './sensors.properties.js';
import type { SensorsRepository } from './sensors.repository.js';
import type { SensorsService } from './sensors.service.js';

// An alert's subject says it all: the body repeats it.
export const SENSOR_TEMPLATES = noticeTemplates({
  'sensors.alert.raised': { subject: { ro: 'Alertă calitatea aerului: {p} {v} la {s}', en: 'Air quality alert: {p} {v} at {s}', hu: 'Levegőminőségi riasztás: {p} {v} itt: {s}' } },
  'sensors.alert.cleared': { subject: { ro: 'Alertă încheiată: {p} a scăzut la {v} la {s}', en: 'Alert over: {p} fell to {v} at {s}', hu: 'Riasztás vége: {p} {v} értékre csökkent itt: {s}' } },
});

export function registerSensorNotices(hub: NotificationsService, repo: SensorsRepository, tenants: TenantsService): void {
  hub.registerTemplates(SENSOR_TEMPLATES);
  for (const what of ['raised', 'cleared'] as const)
    hub.on(`sensors.alert.${what}`, async (e) => {
      if (e.tenantId === null) return null;
      const [thing, t] = await Promise.all([repo.thingById(e.tenantId, e.payload.sensorId), tenants.byId(e.tenantId)]);
      if (!thing) return null;
      const p = e.payload.property;
      return {
        tenantId: e.tenantId,
        thing: { kind: 'sensors.sensor', id: String(thing.id) },
        // people who follow this kind of alert anywhere in the city (e.g. every PM10 alert)
        alsoThings: [{ kind: 'sensors.alert', id: p }],
        area: { key: thing.area, lat: thing.lat, lon: thing.lon },
        template: `sensors.alert.${what}`,
        params: { p: isProperty(p) ? PROPERTIES[p].label : p, v: `${Math.round(e.payload.value * 10) / 10}`, s: thing.name },
        link: `/${t.slug}/air/sensors/${thing.id}`,
      };
    });
}

export function sensorFollowables(svc: SensorsService): Record<string, Followable> {
  return {
    'sensors.sensor': { exists: (actor, tenant, id) => svc.sensorVisible(actor, tenant, id) },
    area: { exists: (_actor, tenant, id) => svc.isArea(tenant, id) },
    /** an alert type: the measured property (`pm25`, `pm10`, `no2`…), for every sensor of the city */
    'sensors.alert': { exists: async (_actor, _tenant, id) => isProperty(id) },
  };
}
