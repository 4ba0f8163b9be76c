/** Codes for coding free-text answers. */
import { z } from 'zod';

export const CodeCreateBody = z.strictObject({ question: z.string().max(40), label: z.string().min(1).max(200) });
