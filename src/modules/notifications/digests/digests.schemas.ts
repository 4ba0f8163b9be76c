import { z } from 'zod';

export const DigestSchedule = z
  .object({
    hour: z.number().int().min(0).max(23).meta({ description: "the local hour digests go out (the city's time zone)" }),
    timeZone: z.string().min(1).max(64).meta({ description: 'an IANA time zone, e.g. Europe/Bucharest' }),
    weeklyDay: z.number().int().min(1).max(7).meta({ description: 'the ISO weekday of weekly digests (1 = Monday … 7 = Sunday)' }),
  })
  .strict();
