import { z } from 'zod';
import { MultilocSchema } from '../../core/i18n.js';

export const ConsoleParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63) });

const Counter = z
  .object({
    module: z.string().meta({ description: 'the module that counted it (its web module labels it as <module>.console.<key>)' }),
    key: z.string(),
    count: z.number().int().nonnegative(),
    tone: z.enum(['info', 'attention']).meta({ description: '"attention": something waits on staff or is late' }),
  })
  .meta({ id: 'ConsoleCounter' });

export const ConsoleAbilities = z
  .object({
    manageMembers: z.boolean(),
    manageApiKeys: z.boolean(),
    editCity: z.boolean(),
    createCity: z.boolean(),
    archiveCity: z.boolean(),
  })
  .meta({ id: 'ConsoleAbilities' });

export const ConsoleResponse = z
  .object({
    tenant: z.string(),
    counters: z.array(Counter),
    /** modules whose counters could not be read this time (the rest are still shown) */
    unavailable: z.array(z.string()),
    abilities: ConsoleAbilities,
  })
  .meta({ id: 'Console' });

const Figure = z.object({
  key: z.string(),
  value: z.number().nullable(),
  unit: z.enum(['days', 'percent', 'ugm3', 'count']).optional(),
  band: z.string().nullable().optional(),
});

const Block = z
  .object({
    module: z.string(),
    key: z.string(),
    path: z.string().meta({ description: 'the page under /{city}/ the block links to' }),
    figures: z.array(Figure),
    items: z.array(z.object({ title: MultilocSchema, path: z.string(), date: z.string().nullable().optional() })),
    headline: z.string().nullable().meta({ description: 'the figure shown on the home page' }),
  })
  .meta({ id: 'OverviewBlock' });

export const OverviewResponse = z.object({ tenant: z.string(), blocks: z.array(Block), unavailable: z.array(z.string()) }).meta({ id: 'CityOverview' });

export const HeadlinesResponse = z
  .object({
    items: z.array(
      z.object({
        tenant: z.string(),
        figures: z.array(Figure.extend({ module: z.string(), block: z.string(), path: z.string() })),
      }),
    ),
  })
  .meta({ id: 'HomeHeadlines' });
