/**
 * The community side of participation, one service over its resources: participatory processes with
 * phases, proposals with supports, comments, and expressions of interest in a strategy project's working
 * group. `ParticipationService`, the notices, the demo and other modules (through `ParticipationService`)
 * reach them here; the routes use the resource services directly.
 */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import type { ModuleServices } from '../module.js';
import type { TenantRow } from '../tenants/index.js';
import { CommentsRepository } from './comments/comments.repository.js';
import { CommentsService } from './comments/comments.service.js';
import { InterestsRepository } from './interests/interests.repository.js';
import { InterestsService } from './interests/interests.service.js';
import { ProcessesRepository } from './processes/processes.repository.js';
import { type ProcessInput, ProcessesService } from './processes/processes.service.js';
import { ProposalsRepository } from './proposals/proposals.repository.js';
import { ProposalsService } from './proposals/proposals.service.js';

export class CommunityService {
  readonly processesService: ProcessesService;
  readonly proposalsService: ProposalsService;
  readonly commentsService: CommentsService;
  readonly interestsService: InterestsService;
  private readonly proposalsRepo: ProposalsRepository;
  private readonly commentsRepo: CommentsRepository;
  private readonly interestsRepo: InterestsRepository;

  constructor(db: Db, modules: Partial<ModuleServices>) {
    this.proposalsRepo = new ProposalsRepository(db);
    this.commentsRepo = new CommentsRepository(db);
    this.interestsRepo = new InterestsRepository(db);
    this.processesService = new ProcessesService(new ProcessesRepository(db), modules);
    this.proposalsService = new ProposalsService(this.proposalsRepo, this.processesService, modules);
    this.commentsService = new CommentsService(this.commentsRepo, this.processesService, this.proposalsService, modules);
    this.interestsService = new InterestsService(this.interestsRepo, modules);
  }

  processes(tenantId: number) {
    return this.processesService.processes(tenantId);
  }
  process(tenantId: number, idOrSlug: string) {
    return this.processesService.process(tenantId, idOrSlug);
  }
  /** The processes linked to a strategy project (for the strategy module's project page). */
  processesForProject(tenantId: number, code: string) {
    return this.processesService.processesForProject(tenantId, code);
  }
  createProcess(actor: Actor, tenant: TenantRow, input: ProcessInput & { slug: string }) {
    return this.processesService.createProcess(actor, tenant, input);
  }
  proposal(tenantId: number, id: number) {
    return this.proposalsService.proposal(tenantId, id);
  }
  /** A proposal as a visitor may see it: one hidden by the moderators is not found, except for the city's staff. */
  shownProposal(tenantId: number, id: number, actor: Actor) {
    return this.proposalsService.shownProposal(tenantId, id, actor);
  }

  /** Account deletion for this part: comments keep their text (threads stay readable), the name goes. */
  async anonymiseUser(userId: string) {
    await this.proposalsRepo.transaction(async (trx) => {
      await this.commentsRepo.anonymiseAuthor(trx, userId);
      await this.proposalsRepo.anonymiseAuthor(trx, userId);
      await this.interestsRepo.deleteOf(trx, userId);
    });
  }
}
