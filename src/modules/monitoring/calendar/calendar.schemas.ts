/** Request and response schemas of the reporting calendar and project teams. */
import { z } from 'zod';

export const TenantParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63) });
/** Project and objective codes ("A1.P11", "D3.2/5"); send "/" as %2F. */
export const Code = z.string().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / - only');
export const IsoDate = z.iso.date('a date as YYYY-MM-DD');
export const ScopeParams = TenantParams.extend({ scope: Code });
export const ProjectParams = TenantParams.extend({ code: Code });

export const CalendarSetBody = z.strictObject({
  periodMonths: z.union([z.literal(6), z.literal(12)]).describe('6 (semestrial) or 12 (annual), as Baia Mare ch. 6 says'),
  firstPeriodStart: IsoDate.describe('first day of the first reporting period'),
  dueDays: z.number().int().min(0).max(180).default(30).describe('days after the end of a period when its report is due'),
});

export const CalendarEntry = z
  .object({
    scope: z.string().describe('a project, or an objective (then every project under it reports on this rule unless it has its own)'),
    periodMonths: z.number().int(),
    firstPeriodStart: z.string(),
    dueDays: z.number().int(),
    currentPeriod: z.object({ start: z.string(), end: z.string(), dueOn: z.string() }).describe('the period whose report is due next'),
  })
  .meta({ id: 'MonitoringCalendarEntry' });

export const CalendarListResponse = z.object({ items: z.array(CalendarEntry), abilities: z.object({ edit: z.boolean() }) });

export const TeamSetBody = z.strictObject({ userIds: z.array(z.uuid()).max(50).describe('accounts with the project_team role in this city') });
export const TeamResponse = z.object({ project: z.string(), userIds: z.array(z.string()) });
export const TeamListResponse = z.object({ items: z.array(TeamResponse) });
