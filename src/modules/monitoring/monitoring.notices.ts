/**
 * What the monitoring module's events mean for people, through the notifications hub: an approved progress
 * report is news for the project's followers and for the authors of the proposals that became the project
 * ("what happened to your idea"), each in their language, with their preferences and digests applied.
 */
import { wordFor } from '../../core/i18n.js';
import { noticeTemplates, type NotificationsService } from '../notifications/index.js';
import { PROJECT_STATUS_TEXT, projectPath } from '../strategy/index.js';
import type { TenantsService } from '../tenants/index.js';
import { approvalNotice, linkedIntro } from './monitoring.messages.js';

export function registerMonitoringNotices(hub: NotificationsService, tenants: TenantsService): void {
  hub.registerTemplates(noticeTemplates({ 'monitoring.progressReport.approved': approvalNotice() }));
  hub.on('monitoring.progressReport.approved', async (e) => {
    const p = e.payload;
    const t = await tenants.byId(p.tenantId);
    const base = {
      tenantId: p.tenantId,
      thing: { kind: 'strategy.project', id: p.projectCode },
      template: 'monitoring.progressReport.approved',
      link: projectPath(t.slug, p.projectCode),
    };
    const params = {
      code: p.projectCode,
      number: p.number,
      title: p.projectTitle,
      start: p.periodStart,
      end: p.periodEnd,
      status: wordFor(PROJECT_STATUS_TEXT, p.projectStatus),
      progress: p.progress === null ? '' : `, ${p.progress}%`,
      narrative: p.narrative,
    };
    return [
      // The authors first (with their line), then the followers who are not among them.
      { ...base, params: { ...params, intro: linkedIntro() }, followers: false, alsoUsers: p.linkedAuthorIds },
      { ...base, params: { ...params, intro: null }, exceptUsers: p.linkedAuthorIds },
    ];
  });
}
