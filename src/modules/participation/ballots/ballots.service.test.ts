/** The ballot path's cache of budgets: kept between requests, built again after any change to a budget or its projects, here or in another process. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../core/actor.js';
import { cacheChanged } from '../../../core/cachebus.js';
import type { TenantRow } from '../../tenants/index.js';
import type { BudgetsService } from '../budgets/budgets.service.js';
import { budgetChanges } from '../budget-projects/budget-projects.service.js';
import type { BallotsRepository } from './ballots.repository.js';
import { BallotsService } from './ballots.service.js';

describe('the ballot path’s budget cache', () => {
  let builds = 0;
  const budgets = {
    projects: async () => {
      builds++;
      return { budget: { id: 1, total: 100, voting_rule: 'threshold_percent', threshold_percent: 0, min_projects: 0, max_projects: null }, projects: [{ id: 7, cost: 40 }] };
    },
  } as unknown as BudgetsService;
  const repo = { ballotWithItems: async () => undefined } as unknown as BallotsRepository;
  const svc = new BallotsService(repo, budgets);
  const actor = { kind: 'user', user: { id: 'u1' } } as unknown as Actor;
  const tenant = { id: 1 } as TenantRow;

  it('reads a budget once, and again after a change made here or reported by another process', async () => {
    await svc.ballotView(actor, tenant, 'b');
    await svc.ballotView(actor, tenant, 'b');
    expect(builds).toBe(1);
    budgetChanges.version++;
    await svc.ballotView(actor, tenant, 'b');
    expect(builds).toBe(2);
    await cacheChanged({} as never, 'participation.ballot_budgets', 1);
    expect((await svc.ballotView(actor, tenant, 'b')).budget).toBe(100);
    expect(builds).toBe(3);
  });
});
