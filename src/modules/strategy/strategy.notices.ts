/**
 * What strategy events mean for the people who follow a project or a KPI: the templates (ro/en/hu) and the
 * event → notice builders the notifications hub runs after each change commits, and the hub's existence
 * checks for `strategy.project` and `strategy.kpi` follows.
 */
import { everyLocale, type Multiloc, sameInEveryLocale, wordFor } from '../../core/i18n.js';
import { unitLabel } from '../../shared/units.js';
import { type Followable, noticeTemplates, type NotificationsService } from '../notifications/index.js';
import type { TenantsService } from '../tenants/index.js';
import type { StrategyRepository } from './strategy.repository.js';
import type { StrategyService } from './strategy.service.js';
import { projectPath } from './projects/project-path.js';
import { PROJECT_STATUS_TEXT as STATUS_TEXT } from './projects/project-status.js';

const ml = (v: unknown): Multiloc => (typeof v === 'object' && v !== null && typeof (v as Multiloc).ro === 'string' ? (v as Multiloc) : { ro: String(v ?? '') });

export const STRATEGY_TEMPLATES = noticeTemplates({
  'strategy.project.status': {
    subject: { ro: 'Proiectul {code} are un stadiu nou: {status}', en: 'Project {code} has a new status: {status}', hu: 'A(z) {code} projekt új állapota: {status}' },
    body: { ro: '{code} — {title}\n\nStadiu: {status}{progress}\n\n{note}', en: '{code} — {title}\n\nStatus: {status}{progress}\n\n{note}', hu: '{code} — {title}\n\nÁllapot: {status}{progress}\n\n{note}' },
  },
  'strategy.project.progress': {
    subject: { ro: 'Proiectul {code} a avansat: {progress}%', en: 'Project {code} moved forward: {progress}%', hu: 'A(z) {code} projekt előrehaladt: {progress}%' },
    body: { ro: '{code} — {title}\n\nProgres: {progress}% (înainte {before}%)', en: '{code} — {title}\n\nProgress: {progress}% (was {before}%)', hu: '{code} — {title}\n\nElőrehaladás: {progress}% (korábban {before}%)' },
  },
  // the body is the measurement itself: its words are the parameters, already in the reader's language
  'strategy.kpi.measurement': {
    subject: { ro: 'Indicatorul {code} are o valoare nouă', en: 'Indicator {code} has a new value', hu: 'A(z) {code} mutató új értéket kapott' },
    body: sameInEveryLocale('{code} — {name}\n\n{date}: {value}\n\n{note}'),
  },
});

export function registerStrategyNotices(hub: NotificationsService, repo: StrategyRepository, tenants: TenantsService): void {
  hub.registerTemplates(STRATEGY_TEMPLATES);

  const statusNotice = async (tenantId: number, code: string, to: string, note: Multiloc | undefined, progress: number | undefined) => {
    const [p, t] = await Promise.all([repo.projectByCode(tenantId, code), tenants.byId(tenantId)]);
    if (!p) return null;
    return {
      tenantId,
      thing: { kind: 'strategy.project', id: code },
      // people who follow the neighbourhood (or a drawn area) the project is placed in hear too
      area: { lat: p.lat, lon: p.lon },
      template: 'strategy.project.status',
      params: { code, title: ml(p.title), status: wordFor(STATUS_TEXT, to), note: note ?? null, progress: progress !== undefined ? ` (${progress}%)` : null },
      link: projectPath(t.slug, code),
    };
  };

  hub.on('strategy.project.statusChanged', async (e) => {
    const p = e.payload as typeof e.payload & { note?: Multiloc; progress?: number };
    return statusNotice(p.tenantId, p.code, p.to, p.note, p.progress);
  });

  hub.on('strategy.project.updated', async (e) => {
    const p = e.payload as typeof e.payload & { status?: { from: string; to: string }; progress?: { from: number | null; to: number } };
    if (p.status) return statusNotice(p.tenantId, p.code, p.status.to, undefined, p.progress?.to);
    if (!p.progress) return null;
    const [row, t] = await Promise.all([repo.projectByCode(p.tenantId, p.code), tenants.byId(p.tenantId)]);
    if (!row) return null;
    return {
      tenantId: p.tenantId,
      thing: { kind: 'strategy.project', id: p.code },
      area: { lat: row.lat, lon: row.lon },
      template: 'strategy.project.progress',
      params: { code: p.code, title: ml(row.title), progress: p.progress.to, before: p.progress.from ?? 0 },
      link: projectPath(t.slug, p.code),
    };
  });

  hub.on('strategy.measurement.recorded', async (e) => {
    const p = e.payload as typeof e.payload & { note?: string | null };
    const [kpi, t] = await Promise.all([repo.kpiByCode(p.tenantId, p.code), tenants.byId(p.tenantId)]);
    if (!kpi) return null;
    return {
      tenantId: p.tenantId,
      thing: { kind: 'strategy.kpi', id: p.code },
      template: 'strategy.kpi.measurement',
      params: { code: p.code, name: ml(kpi.name), date: p.date, value: everyLocale((l) => `${p.value}${kpi.unit ? ` ${unitLabel(kpi.unit, l)}` : ''}`), note: p.note ?? null },
      link: `/${t.slug}/kpis/${encodeURIComponent(p.code)}`,
    };
  });
}

export function strategyFollowables(svc: StrategyService): Record<string, Followable> {
  return {
    'strategy.project': { exists: (_actor, tenant, id) => svc.exists(tenant.id, 'project', id) },
    'strategy.kpi': { exists: (_actor, tenant, id) => svc.exists(tenant.id, 'kpi', id) },
    /** an ambition (a pillar of the strategy); its Atom feed gathers its projects' news */
    'strategy.ambition': { exists: (_actor, tenant, id) => svc.exists(tenant.id, 'ambition', id) },
  };
}
