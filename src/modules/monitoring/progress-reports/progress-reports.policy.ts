/**
 * Who may do what with a progress report. Staff (and admins) see and review every report; a project team
 * member sees and writes only the reports of the projects they are on; the steering body reads. The results
 * are sent to the client as `abilities`, so the UI never re-implements these rules.
 */
import { type Actor, hasRole } from '../../../core/actor.js';
import type { ReportRow } from './progress-reports.repository.js';

export const REPORT_READ_ROLES = ['staff', 'steering', 'project_team', 'admin'] as const;
export const REPORT_WRITE_ROLES = ['staff', 'project_team', 'admin'] as const;
export const REPORT_REVIEW_ROLES = ['staff', 'admin'] as const;
/** the staff dashboard's list of reports still owed: staff and the steering body */
export const OVERDUE_READ_ROLES = ['staff', 'steering', 'admin'] as const;

export interface ReportViewer {
  staff: boolean;
  steering: boolean;
  /** the projects whose team this person is on (only counted with the project_team role) */
  teamProjects: ReadonlySet<string>;
}

export function viewerOf(actor: Actor, tenantId: number, teamProjects: readonly string[]): ReportViewer {
  return {
    staff: hasRole(actor, tenantId, REPORT_REVIEW_ROLES),
    steering: hasRole(actor, tenantId, ['steering']),
    teamProjects: hasRole(actor, tenantId, ['project_team']) ? new Set(teamProjects) : new Set(),
  };
}

export type ReportAction = 'read' | 'edit' | 'submit' | 'return' | 'approve' | 'attach';

const onTeam = (v: ReportViewer, project: string) => v.teamProjects.has(project);

/** May this person start a report for this project? */
export function canCreate(v: ReportViewer, project: string): boolean {
  return v.staff || onTeam(v, project);
}

/** Reading needs the role and the project; the other actions also need the report in the right state. */
export function can(v: ReportViewer, action: ReportAction, r: Pick<ReportRow, 'project_code' | 'status'>): boolean {
  const writer = v.staff || onTeam(v, r.project_code);
  switch (action) {
    case 'read':
      return writer || v.steering;
    case 'edit':
    case 'attach':
    case 'submit':
      return writer && r.status === 'draft';
    case 'return':
    case 'approve':
      return v.staff && r.status === 'submitted';
  }
}

/** May this person see it at all? (Otherwise they are told it is not theirs: 403.) */
export function mayRead(v: ReportViewer, project: string): boolean {
  return v.staff || v.steering || onTeam(v, project);
}

/**
 * The city-wide abilities (`monitoring.<verb>` in /auth/me): reading progress reports at all, the overdue list,
 * and reviewing, which also lets one write a report for any project (canCreate), not only one's team's.
 */
export const progressReportsPolicy = {
  readReports: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, REPORT_READ_ROLES),
  seeOverdue: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, OVERDUE_READ_ROLES),
  reviewReports: (actor: Actor, tenantId: number) => viewerOf(actor, tenantId, []).staff,
};

export function abilitiesOf(v: ReportViewer, r: Pick<ReportRow, 'project_code' | 'status'>) {
  return { edit: can(v, 'edit', r), submit: can(v, 'submit', r), return: can(v, 'return', r), approve: can(v, 'approve', r), attach: can(v, 'attach', r) };
}
