/** Raw-data retention settings. */
import { z } from 'zod';

export const SettingsBody = z.strictObject({ rawRetentionDays: z.number().int().min(2).max(36500).nullable() });
export const SettingsResponse = z.object({ rawRetentionDays: z.number().nullable() });
