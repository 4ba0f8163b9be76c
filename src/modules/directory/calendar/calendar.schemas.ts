/** The calendar feeds and the personal feed's secret token. */
import { z } from 'zod';
import { TenantParams } from '../../tenants/index.js';
import { IdParam } from '../directory.common.js';
import { GroupParams } from '../groups/groups.schemas.js';

export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
export const TokenResponse = z.object({ url: z.string().describe('the secret address of your personal feed; keep it private, rotate it if it leaks') });
export const TokenStatus = z.object({ exists: z.boolean() });
export const OrgFeedParams = TenantParams.extend({ id: IdParam });
export const EventFeedParams = TenantParams.extend({ id: IdParam });
export const MeetingFeedParams = GroupParams.extend({ meetingId: IdParam });
