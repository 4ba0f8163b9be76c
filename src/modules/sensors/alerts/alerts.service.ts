/**
 * Alert rules (a property above a threshold for some minutes, in an area or city-wide) and the alerts they
 * raise: raised when readings stay above the threshold for the rule's duration, cleared only below the lower
 * clear level (hysteresis), each change with its event in its own transaction (followers are notified by
 * the sensors' notices). The rules and open alerts are kept ten seconds, and dropped when staff change a rule.
 */
import { TtlCache } from '../../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../../core/cachebus.js';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import type { PropertyName } from '../sensors.properties.js';
import type { SensorsRepository } from '../sensors.repository.js';

type Rule = Awaited<ReturnType<SensorsRepository['activeRules']>>[number];

export class SensorAlerts {
  /** per city: the active rules and the open alerts as of their load, kept 10 s (and dropped by any rule change) */
  private readonly rulesCache = new TtlCache<number, { rules: Rule[]; open: Set<string> }>(1_000, 10_000);

  constructor(private readonly repo: SensorsRepository) {
    // rules changed through another app node are dropped here too, at that change's commit (core/cachebus.ts)
    invalidateOnEvents('sensors.rules', ['sensors.alert_rule.created', 'sensors.alert_rule.deactivated']);
    onCacheChange('sensors.rules', (tenant) => (tenant === '*' ? this.rulesCache.clear() : this.rulesCache.delete(Number(tenant))));
  }

  rules(tenant: TenantRow) {
    return this.repo.activeRules(tenant.id);
  }

  async createRule(actor: Actor, tenant: TenantRow, input: { property: PropertyName; threshold: number; clearBelow?: number | undefined; durationMinutes: number; area?: string | undefined }) {
    const clear = input.clearBelow ?? input.threshold * 0.8;
    if (clear > input.threshold) throw validationFailed([{ field: 'clearBelow', message: 'must not be above the threshold (hysteresis)', code: 'too_big' }]);
    const rule = await this.repo.transaction(async (trx) => {
      const r = await this.repo.insertRule(trx, { tenant_id: tenant.id, property: input.property, threshold: input.threshold, clear_below: clear, duration_minutes: input.durationMinutes, area: input.area ?? null, created_by: actor.kind === 'user' ? actor.user.id : null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.alert_rule.created', entityType: 'alert_rule', entityId: String(r.id), after: input });
      await emit(trx, 'sensors.alert_rule.created', { ruleId: Number(r.id) }, tenant.id);
      return r;
    });
    this.rulesCache.delete(tenant.id);
    return rule;
  }

  async deactivateRule(actor: Actor, tenant: TenantRow, id: number) {
    await this.repo.transaction(async (trx) => {
      const r = await this.repo.deactivateRule(trx, tenant.id, id);
      if (!r) throw notFound('alert rule');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.alert_rule.deactivated', entityType: 'alert_rule', entityId: String(id), before: { active: true }, after: { active: false } });
      await emit(trx, 'sensors.alert_rule.deactivated', { ruleId: id }, tenant.id);
    });
    this.rulesCache.delete(tenant.id);
  }

  alerts(tenant: TenantRow, limit = 100) {
    return this.repo.alerts(tenant.id, limit);
  }

  private cachedRules(tenantId: number) {
    return this.rulesCache.get(tenantId, async () => {
      const [rules, open] = await Promise.all([this.repo.activeRules(tenantId), this.repo.openAlertKeys(tenantId)]);
      return { rules, open };
    });
  }

  /**
   * Raises an alert when a sensor's readings have stayed above the rule's threshold for its duration, and
   * clears it only when a reading falls below the lower clear level (hysteresis), so a value hovering at
   * the threshold does not flap. Followers of the sensor or its area are notified in the same transaction.
   */
  async evaluate(tenantId: number, datastreamIds: number[]): Promise<void> {
    if (datastreamIds.length === 0) return;
    const { rules, open: openKeys } = await this.cachedRules(tenantId);
    if (rules.length === 0) return;
    const props = [...new Set(rules.map((r) => r.property))];
    const streams = await this.repo.activeStreamsForAlerts(datastreamIds, props);
    // Open alerts as of the rules' last load (≤ 10 s old, kept current by this process's own changes): a
    // reading at or below the threshold with no open alert can change nothing, so it costs no transaction.
    // An alert opened meanwhile by another process is seen, and can clear, at the next load.
    for (const s of streams) {
      for (const rule of rules) {
        if (rule.property !== s.property || (rule.area !== null && rule.area !== s.area) || s.last_value === null || !s.last_time) continue;
        const key = `${rule.id}|${s.thing_id}`;
        if (!openKeys.has(key) && s.last_value <= rule.threshold) continue;
        const changed = await this.repo.transaction(async (trx): Promise<'raised' | 'cleared' | undefined> => {
          const open = await this.repo.openAlert(trx, Number(rule.id), Number(s.thing_id));
          const value = s.last_value!;
          if (!open) {
            if (value <= rule.threshold) return undefined;
            const start = await this.repo.runStart(trx, Number(s.id), rule.threshold);
            if (!start || new Date(s.last_time!).getTime() - new Date(start).getTime() < rule.duration_minutes * 60_000) return undefined;
            const alert = await this.repo.insertAlert(trx, { tenant_id: tenantId, rule_id: Number(rule.id), thing_id: Number(s.thing_id), property: s.property, raised_at: new Date(s.last_time!), raised_value: value, peak_value: value });
            await emit(trx, 'sensors.alert.raised', { alertId: Number(alert.id), sensorId: Number(s.thing_id), property: s.property, value }, tenantId);
            return 'raised';
          } else if (value < rule.clear_below) {
            await this.repo.updateAlert(trx, Number(open.id), { cleared_at: new Date(s.last_time!) });
            await emit(trx, 'sensors.alert.cleared', { alertId: Number(open.id), sensorId: Number(s.thing_id), property: s.property, value }, tenantId);
            return 'cleared';
          } else if (value > open.peak_value) await this.repo.updateAlert(trx, Number(open.id), { peak_value: value });
          return undefined;
        });
        // after COMMIT only: a rolled-back change must not skew what later readings skip
        if (changed === 'raised') openKeys.add(key);
        else if (changed === 'cleared') openKeys.delete(key);
      }
    }
  }
}
