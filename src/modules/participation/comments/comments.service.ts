/**
 * Comments on proposals, budget projects, strategy projects and processes, threaded one level; the author
 * edits within a window, others report them (moderation hides them, see moderation/).
 */
import type { Actor } from '../../../core/actor.js';
import { conflict, forbidden, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import type { ProcessesService } from '../processes/processes.service.js';
import { type ProposalsService, userOf } from '../proposals/proposals.service.js';
import type { CommentsRepository } from './comments.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.comment.posted': { commentId: number; on: string };
    'participation.comment.hidden': { commentId: number; reason: string };
  }
}

export const EDIT_WINDOW_MS = 15 * 60_000;
export type CommentTarget = 'proposal' | 'budget_project' | 'strategy_project' | 'process';

export class CommentsService {
  constructor(
    private readonly repo: CommentsRepository,
    private readonly processes: ProcessesService,
    private readonly proposals: ProposalsService,
    private readonly modules: Partial<ModuleServices>,
  ) {}

  /** The thing commented on exists (and is visible to this actor); its process, whose phase must allow comments. */
  private async assertTarget(tenantId: number, type: CommentTarget, targetId: string, actor: Actor): Promise<number | null> {
    if (type === 'proposal') {
      const p = await this.proposals.shownProposal(tenantId, Number(targetId), actor);
      return p.process_id;
    }
    if (type === 'process') {
      await this.processes.process(tenantId, targetId);
      return null;
    }
    if (type === 'budget_project') {
      if (!(await this.repo.budgetProjectExists(tenantId, Number(targetId)))) throw notFound('budget project');
      return null;
    }
    const strategy = this.modules.strategy;
    if (strategy && !(await strategy.getProject(tenantId, targetId))) throw notFound('strategy project');
    return null;
  }

  comments(tenantId: number, type: CommentTarget, targetId: string) {
    return this.repo.on(tenantId, type, targetId);
  }

  async comment(actor: Actor, tenant: TenantRow, input: { type: CommentTarget; targetId: string; body: string; parentId?: number }) {
    const u = userOf(actor);
    const processId = await this.assertTarget(tenant.id, input.type, input.targetId, actor);
    await this.processes.assertComponent(processId, 'comment');
    if (input.parentId !== undefined) {
      const parent = await this.repo.parent(tenant.id, input.parentId);
      if (!parent || parent.target_type !== input.type || parent.target_id !== input.targetId) throw validationFailed([{ field: 'parentId', message: 'not a comment on the same item' }]);
      // One level of threading: a reply to a reply goes under the same top-level comment.
      if (parent.parent_id !== null) input.parentId = parent.parent_id;
    }
    return this.repo.transaction(async (trx) => {
      const { id } = await this.repo.insert(trx, { tenant_id: tenant.id, target_type: input.type, target_id: input.targetId, parent_id: input.parentId ?? null, author_id: u.id, author_name: u.displayName, body: input.body });
      await emit(trx, 'participation.comment.posted', { commentId: id, on: `${input.type}:${input.targetId}` }, tenant.id);
      return id;
    });
  }

  private async ownComment(tenantId: number, id: number) {
    const c = await this.repo.byId(tenantId, id);
    if (!c) throw notFound('comment');
    return c;
  }

  async editComment(actor: Actor, tenant: TenantRow, id: number, body: string, now = Date.now()) {
    const u = userOf(actor);
    const c = await this.ownComment(tenant.id, id);
    if (c.author_id !== u.id) throw forbidden('Only the author can edit a comment.');
    if (now - c.created_at.getTime() > EDIT_WINDOW_MS) throw conflict('A comment can be edited for 15 minutes after it is posted.', 'edit_window_over');
    if (c.hidden_at) throw conflict('A hidden comment cannot be edited.');
    await this.repo.editAlone(id, body, new Date(now));
  }

  async flagComment(actor: Actor, tenant: TenantRow, id: number, reason: string) {
    const u = userOf(actor);
    await this.ownComment(tenant.id, id);
    try {
      await this.repo.transaction((trx) => this.repo.flag(trx, id, u.id, reason));
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You already reported this comment.', 'already_flagged');
      throw e;
    }
  }
}
