/**
 * What report events mean for people: the reporter and followers of a report hear of its status changes
 * and public updates (people without an account, e.g. Open311 submitters, by e-mail in the city's
 * language); followers of an area hear of new reports there. Templates in ro/en/hu; the existence checks
 * for `reports.report` and `area` follows.
 */
import type { Multiloc } from '../../core/i18n.js';
import { type Followable, loads, noticeTemplates, type NotificationsService } from '../notifications/index.js';
import type { TenantsService } from '../tenants/index.js';
import { areaFor, areasOf } from './reports.areas.js';
import type { ReportsRepository } from './reports/reports.repository.js';
import type { ReportsService } from './reports/reports.service.js';
import type { ReportStatus } from './reports.tables.js';

export const REPORT_STATUS_TEXT: Record<ReportStatus, Multiloc> = {
  open: { ro: 'deschisă', en: 'open', hu: 'nyitott' },
  acknowledged: { ro: 'preluată', en: 'acknowledged', hu: 'átvett' },
  in_progress: { ro: 'în lucru', en: 'in progress', hu: 'folyamatban' },
  fixed: { ro: 'rezolvată', en: 'fixed', hu: 'megoldva' },
  closed: { ro: 'închisă', en: 'closed', hu: 'lezárt' },
  duplicate: { ro: 'duplicat', en: 'duplicate', hu: 'ismétlődő' },
  not_responsible: { ro: 'nu ține de primărie', en: 'not the city’s responsibility', hu: 'nem a város hatásköre' },
  wont_fix: { ro: 'nu se va rezolva', en: 'will not be fixed', hu: 'nem lesz megoldva' },
};

export const REPORT_TEMPLATES = noticeTemplates({
  'reports.confirm': {
    subject: { ro: 'Confirmați sesizarea: {title}', en: 'Confirm your report: {title}', hu: 'Erősítse meg bejelentését: {title}' },
    body: {
      ro: 'Bună ziua,\n\nPentru a publica sesizarea „{title}”, deschideți acest link:\n{link}\n\nDacă nu o confirmați în {days} zile, sesizarea se șterge.',
      en: 'Hello,\n\nTo publish your report "{title}", open this link:\n{link}\n\nIf you do not confirm it within {days} days, the report is deleted.',
      hu: 'Jó napot!\n\nA(z) „{title}” bejelentés közzétételéhez nyissa meg ezt a hivatkozást:\n{link}\n\nHa {days} napon belül nem erősíti meg, a bejelentés törlődik.',
    },
  },
  'reports.status': {
    subject: { ro: 'Sesizarea #{id} „{title}”: {status}', en: 'Report #{id} "{title}": {status}', hu: '#{id} bejelentés („{title}”): {status}' },
    body: { ro: 'Sesizarea #{id} „{title}” are acum starea: {status}.\n\n{update}', en: 'Report #{id} "{title}" is now: {status}.\n\n{update}', hu: 'A(z) #{id} bejelentés („{title}”) állapota most: {status}.\n\n{update}' },
  },
  'reports.update': {
    subject: { ro: 'Sesizarea #{id} „{title}”: mesaj nou de la primărie', en: 'Report #{id} "{title}": a new message from the city', hu: '#{id} bejelentés („{title}”): új üzenet a várostól' },
    body: { ro: 'Mesajul primăriei despre sesizarea #{id} „{title}”:\n\n{update}', en: 'The city’s message about report #{id} "{title}":\n\n{update}', hu: 'A város üzenete a(z) #{id} bejelentésről („{title}”):\n\n{update}' },
  },
  'reports.area.new': {
    subject: { ro: 'Sesizare nouă în zona {area}: {title}', en: 'New report in {area}: {title}', hu: 'Új bejelentés itt: {area}: {title}' },
    body: { ro: 'O sesizare nouă în zona {area}: „{title}” ({category}).', en: 'A new report in {area}: "{title}" ({category}).', hu: 'Új bejelentés itt: {area}: „{title}” ({category}).' },
  },
});

export function registerReportNotices(hub: NotificationsService, repo: ReportsRepository, tenants: TenantsService): void {
  hub.registerTemplates(REPORT_TEMPLATES);
  // The city's neighbourhoods live here: any notice with a point (a project, a sensor) reaches their followers.
  hub.registerAreaResolver(async (tenantId, lat, lon) => {
    const code = areaFor(areasOf(await tenants.byId(tenantId)), lat, lon);
    return code ? [code] : [];
  });

  hub.on('reports.report.updated', async (e) => {
    const p = e.payload;
    const changed = p.status !== p.before;
    if (!changed && !p.publicUpdate) return null;
    const r = await repo.byId(p.reportId);
    if (!r || !r.confirmed_at) return null;
    const t = await tenants.byId(r.tenant_id);
    return {
      tenantId: r.tenant_id,
      thing: { kind: 'reports.report', id: String(r.id) },
      template: changed ? 'reports.status' : 'reports.update',
      params: { id: String(r.id), title: r.title, status: REPORT_STATUS_TEXT[p.status], update: p.publicUpdate ?? null },
      link: `/${t.slug}/reports/${r.id}`,
    };
  });

  // A report that becomes public (at once, or when its e-mailed link is opened) is news for its area.
  const published = async (reportId: string) => {
    const r = await repo.byId(reportId);
    if (!r || !r.confirmed_at || r.hidden_at || (!r.area && r.lat === null)) return null;
    const t = await tenants.byId(r.tenant_id);
    const area = areasOf(t).find((a) => a.code === r.area);
    return {
      tenantId: r.tenant_id,
      thing: { kind: 'area', id: r.area ?? '' },
      area: { lat: r.lat, lon: r.lon },
      template: 'reports.area.new',
      params: { title: r.title, area: area?.name ?? r.area ?? '', category: r.category_name as Multiloc },
      link: `/${t.slug}/reports/${r.id}`,
      exceptUsers: r.reporter_user_id ? [r.reporter_user_id] : [],
    };
  };
  hub.on('reports.report.created', async (e) => published(e.payload.reportId));
  hub.on('reports.report.confirmed', async (e) => published(e.payload.reportId));
}

export function reportFollowables(svc: ReportsService): Record<string, Followable> {
  return {
    'reports.report': { exists: (_actor, tenant, id) => loads(() => svc.get(tenant, id, false)) },
    area: { exists: async (_actor, tenant, id) => areasOf(tenant).some((a) => a.code === id.toLowerCase() || a.name.toLowerCase() === id.toLowerCase()) },
  };
}
