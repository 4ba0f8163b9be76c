/**
 * Participatory processes (spaces) with phases: staff create and edit them; a phase switches components on
 * and off, which the proposals and comments check through `assertComponent`. Links to the strategy are
 * checked through the strategy module's service API.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, notFound, unlessDuplicate, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { isInt32Id } from '../../../core/input.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import type { Multiloc } from '../survey.logic.js';
import { type Component, currentPhase, type Phase, type StrategyLink } from './processes.phases.js';
import type { ProcessesRepository } from './processes.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.process.created': { processId: number; slug: string };
    'participation.process.updated': { processId: number; slug: string };
  }
}

export interface ProcessInput {
  title: Multiloc;
  description: Multiloc;
  scope: string;
  phases: Phase[];
  links: StrategyLink[];
}

export class ProcessesService {
  constructor(
    private readonly repo: ProcessesRepository,
    private readonly modules: Partial<ModuleServices>,
  ) {}

  processes(tenantId: number) {
    return this.repo.list(tenantId);
  }

  async process(tenantId: number, idOrSlug: string) {
    const p = await this.repo.byKey(tenantId, isInt32Id(idOrSlug) ? { id: Number(idOrSlug) } : { slug: idOrSlug });
    if (!p) throw notFound('process');
    return p;
  }

  /** The processes linked to a strategy project (for the strategy module's project page). */
  processesForProject(tenantId: number, code: string) {
    return this.repo.forProject(tenantId, code);
  }

  /** The rules a process's phases and links follow (create and edit): dates in order, unique keys, known projects. */
  private async checkProcess(tenantId: number, input: { phases: Phase[]; links: StrategyLink[] }) {
    const seen = new Set<string>();
    input.phases.forEach((p, i) => {
      if (p.end < p.start) throw validationFailed([{ field: `phases[${i}].end`, message: 'a phase ends after it starts' }]);
      if (seen.has(p.key)) throw validationFailed([{ field: `phases[${i}].key`, message: 'two phases have the same key' }]);
      seen.add(p.key);
    });
    const strategy = this.modules.strategy;
    if (strategy)
      for (const [i, l] of input.links.entries())
        if (l.type === 'project' && !(await strategy.getProject(tenantId, l.code))) throw validationFailed([{ field: `links[${i}].code`, message: 'no strategy project with this code' }]);
  }

  async createProcess(actor: Actor, tenant: TenantRow, input: ProcessInput & { slug: string }) {
    await this.checkProcess(tenant.id, input);
    return this.repo.transaction((trx) =>
      unlessDuplicate(() => conflict(`A process with the address "${input.slug}" already exists.`), async () => {
        const { id } = await this.repo.insert(trx, { tenant_id: tenant.id, slug: input.slug, title: JSON.stringify(input.title), description: JSON.stringify(input.description), scope: input.scope, phases: JSON.stringify(input.phases), links: JSON.stringify(input.links) });
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.process.created', entityType: 'participation_process', entityId: String(id), after: input });
        await emit(trx, 'participation.process.created', { processId: id, slug: input.slug }, tenant.id);
        return id;
      }),
    );
  }

  /** Staff edit a process: title, description, scope, phases (added, reordered, changed) and links; audited with before and after. */
  async updateProcess(actor: Actor, tenant: TenantRow, idOrSlug: string, input: ProcessInput) {
    const before = await this.process(tenant.id, idOrSlug);
    await this.checkProcess(tenant.id, input);
    await this.repo.transaction(async (trx) => {
      await this.repo.update(trx, before.id, { title: JSON.stringify(input.title), description: JSON.stringify(input.description), scope: input.scope, phases: JSON.stringify(input.phases), links: JSON.stringify(input.links) });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.process.updated', entityType: 'participation_process', entityId: String(before.id), before: { title: before.title, description: before.description, scope: before.scope, phases: before.phases, links: before.links }, after: input });
      await emit(trx, 'participation.process.updated', { processId: before.id, slug: before.slug }, tenant.id);
    });
    return before.slug;
  }

  /** Refuses an action the process's current phase has switched off. */
  async assertComponent(processId: number | null, component: Component) {
    if (processId === null) return;
    const p = await this.repo.phasesOf(processId);
    if (!p || p.phases.length === 0) return;
    const phase = currentPhase(p.phases);
    if (!phase || !phase.components.includes(component)) throw conflict(`The current phase of this process does not allow "${component}".`, 'phase_closed');
  }
}
