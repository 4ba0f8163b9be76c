/** Expressions of interest in joining a strategy project's working group (with consent to pass the contact on). */
import type { Actor } from '../../../core/actor.js';
import { badRequest, conflict, isUniqueViolation, notFound } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { userOf } from '../proposals/proposals.service.js';
import type { InterestsRepository } from './interests.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.interest.expressed': { interestId: number; projectCode: string };
  }
}

export class InterestsService {
  constructor(
    private readonly repo: InterestsRepository,
    private readonly modules: Partial<ModuleServices>,
  ) {}

  async expressInterest(actor: Actor, tenant: TenantRow, input: { projectCode: string; role: string; message: string; organisation?: string; contactConsent: boolean }) {
    const u = userOf(actor);
    const strategy = this.modules.strategy;
    if (strategy && !(await strategy.getProject(tenant.id, input.projectCode))) throw notFound('strategy project');
    if (!input.contactConsent) throw badRequest('We need your consent to pass your contact to the working group.', [{ field: 'contactConsent', message: 'must be true' }]);
    try {
      return await this.repo.transaction(async (trx) => {
        const { id } = await this.repo.insert(trx, { tenant_id: tenant.id, project_code: input.projectCode, user_id: u.id, name: u.displayName, email: u.email, organisation: input.organisation ?? null, role_offered: input.role, message: input.message, contact_consent: true });
        await emit(trx, 'participation.interest.expressed', { interestId: id, projectCode: input.projectCode }, tenant.id);
        return id;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You have already expressed interest in this project.', 'already_interested');
      throw e;
    }
  }

  interests(tenantId: number, projectCode?: string) {
    return this.repo.list(tenantId, projectCode);
  }
}
