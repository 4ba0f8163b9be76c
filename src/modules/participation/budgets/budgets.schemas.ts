/** Creating, listing, tallying, importing and exporting budgets. */
import { z } from 'zod';
import { Budget, BudgetProject, Slug } from '../participation.schemas.js';
import { Multiloc } from '../survey.logic.js';

const ProjectInput = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_.-]+$/).max(40), title: Multiloc, description: Multiloc.optional(), cost: z.number().nonnegative(), lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional() });
export const BudgetCreateBody = z.strictObject({
  slug: Slug,
  title: Multiloc,
  description: Multiloc,
  total: z.number().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('RON'),
  scope: z.string().max(100).default('city'),
  eligibility: z
    .strictObject({
      verifiedEmail: z.boolean().optional(),
      verifiedResident: z.boolean().optional().describe('a confirmed email and registered in this city (the citizen role, or any role here); there is no census check'),
      minAge: z.number().int().min(0).max(120).optional(),
      maxAge: z.number().int().min(0).max(120).optional(),
    })
    .default({}),
  votingRule: z.enum(['threshold_percent', 'minimum_projects', 'selected_projects']),
  status: z.enum(['draft', 'preparing', 'voting']).default('voting').describe('preparing: public, projects are reviewed and costed before the vote opens'),
  thresholdPercent: z.number().min(0).max(100).optional(),
  minProjects: z.number().int().min(0).optional(),
  maxProjects: z.number().int().min(1).nullable().optional(),
  projects: z.array(ProjectInput).max(500).default([]),
});

export const BudgetListResponse = z.object({ items: z.array(Budget) });
export const BudgetResultsQuery = z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy') });
export const BudgetResultsResponse = z.object({
  budget: Budget,
  rule: z.string(),
  ballots: z.number(),
  spent: z.number(),
  items: z.array(z.object({ project: BudgetProject, votes: z.number(), score: z.number(), selected: z.boolean() })),
});
export const BudgetImportQuery = z.strictObject({ slug: Slug.optional() });
export const BudgetImportResponse = z.object({
  id: z.number(), slug: z.string(), projects: z.number(), ballots: z.number(),
  placesDropped: z.number().meta({ description: 'project coordinates outside the city, not imported (the projects are)' }),
  notes: z.array(z.string()),
});
export const BudgetExportQuery = z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy') });
