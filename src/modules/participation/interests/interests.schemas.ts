import { z } from 'zod';
import { Code } from '../participation.common.js';

export const Interest = z.object({ id: z.number(), projectCode: z.string(), name: z.string(), organisation: z.string().nullable(), email: z.string().nullable(), role: z.string(), message: z.string(), createdAt: z.string() });
export const InterestCreateBody = z.strictObject({ projectCode: Code, role: z.string().trim().min(2).max(200), message: z.string().max(2000).default(''), organisation: z.string().max(200).optional(), contactConsent: z.boolean() });
export const InterestsQuery = z.strictObject({ project: Code.optional() });
