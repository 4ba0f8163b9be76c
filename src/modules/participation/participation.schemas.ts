/** What several resources' schemas share: the path parameters, a slug, a budget and its projects. */
import { z } from 'zod';
import { TenantParams } from '../tenants/index.js';
import { Multiloc } from './survey.logic.js';

export const IdParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]+$/).max(80) });
export const Slug = z.string().regex(/^[a-z0-9-]+$/).min(2).max(80);

// Budgets and their projects: shared by budgets and budget-projects

export const Budget = z.object({
  id: z.number(),
  slug: z.string(),
  title: Multiloc,
  description: Multiloc,
  total: z.number(),
  currency: z.string(),
  scope: z.string(),
  eligibility: z.object({ verifiedEmail: z.boolean().optional(), verifiedResident: z.boolean().optional(), minAge: z.number().optional(), maxAge: z.number().optional() }),
  votingRule: z.enum(['threshold_percent', 'minimum_projects', 'selected_projects']),
  thresholdPercent: z.number(),
  minProjects: z.number(),
  maxProjects: z.number().nullable(),
  voteType: z.string(),
  status: z.string(),
});
const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });
export const BudgetProject = z.object({
  id: z.number(),
  code: z.string(),
  title: MultilocOut,
  description: MultilocOut,
  cost: z.number(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** proposed → eligible | ineligible → costed → ready (only ready projects are on the ballot) */
  review: z.enum(['proposed', 'eligible', 'ineligible', 'costed', 'ready']),
  reviewReason: z.string().nullable(),
  costNote: z.string().nullable(),
  proposedCost: z.number().nullable(),
  proposalId: z.number().nullable(),
});
export const BudgetProjectsResponse = z.object({ budget: Budget, items: z.array(BudgetProject) });
