/** City-wide air quality from the roll-ups, against the strategy's PM2.5 target. Thin: schema → one service call. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import type { ModuleContext } from '../../module.js';
import { TenantParams } from '../../tenants/index.js';
import { aqiBand } from '../sensors.properties.js';
import * as S from './rollups.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

/** Reads the strategy's PM2.5 target when the strategy module is there (its KPI wired to air.pm25_annual_mean). */
async function pm25Target(ctx: ModuleContext, tenantId: number) {
  const strategy = (ctx.modules as Record<string, unknown>).strategy as { kpis?(tenantId: number): Promise<unknown[]> } | undefined;
  if (!strategy?.kpis) return null;
  try {
    const kpis = (await strategy.kpis(tenantId)) as { automatic?: { metric?: string } | null; baseline?: { value?: number | null; year?: number }; targetValue?: number | null; target?: { year?: number } }[];
    const k = kpis.find((x) => x.automatic?.metric === 'air.pm25_annual_mean');
    if (!k || typeof k.baseline?.value !== 'number' || typeof k.targetValue !== 'number') return null;
    return { baseline: k.baseline.value, baselineYear: k.baseline.year ?? null, target: k.targetValue, targetYear: k.target?.year ?? null };
  } catch {
    return null;
  }
}

export async function airQualityRoutes(app: AppInstance, sensors: SensorsService, ctx: ModuleContext): Promise<void> {
  app.get('/api/v1/tenants/:tenant/air-quality', {
    config: { access: 'public' },
    schema: { tags, summary: 'City-wide air quality: last 24 h by area (worst first) and the annual PM2.5 mean against the strategy target', params: TenantParams, response: { 200: S.AirQualityResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const r = await sensors.airQuality(tenant, await pm25Target(ctx, tenant.id));
      return { ...r, band: aqiBand('pm25', r.pm25Mean24h), areas: r.areas.map((a) => ({ ...a, band: aqiBand('pm25', a.mean) })) };
    },
  });
}
