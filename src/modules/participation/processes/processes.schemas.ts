import { z } from 'zod';
import { Code, MultilocOut } from '../participation.common.js';
import { Multiloc } from '../survey.logic.js';
import { COMPONENTS } from './processes.phases.js';

export const Slug = z.string().regex(/^[a-z0-9-]+$/).min(2).max(80);
const Phase = z.strictObject({ key: z.string().regex(/^[a-z0-9-]+$/).max(40), title: Multiloc, start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), components: z.array(z.enum(COMPONENTS)) });
const Link = z.strictObject({ type: z.enum(['pillar', 'objective', 'project']), code: Code });
export const ProcessOut = z.object({ id: z.number(), slug: z.string(), title: MultilocOut, description: MultilocOut, scope: z.string(), phases: z.array(Phase), links: z.array(Link), currentPhase: z.string().nullable() });
export const ProcessFields = z.strictObject({ title: Multiloc, description: Multiloc, scope: z.string().max(100).default('city'), phases: z.array(Phase).max(20).default([]), links: z.array(Link).max(50).default([]) });
