/** The pictures of proposals (their author) and budget projects (staff): multipart upload, served back as JPEG. */
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { forbidden, notFound } from '../../../core/errors.js';
import { IMAGE_LIMITS } from '../../../core/images.js';
import { type AppInstance, requireTenant, requireUser } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import type { BudgetProjectsService } from '../budget-projects/budget-projects.service.js';
import { ProjectParams } from '../budget-projects/budget-projects.schemas.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import type { ProposalsService } from '../proposals/proposals.service.js';
import { readImageParts } from './images.multipart.js';
import { MAX_IMAGES, type ParticipationImages } from './images.service.js';

const ImageParams = z.strictObject({ image: z.string().uuid() });
const ProposalImageParams = TenantParams.extend({ id: z.coerce.number().int().positive() });
const sendJpeg = (reply: import('fastify').FastifyReply, stream: unknown) => reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(stream);

export async function imagesRoutes(app: AppInstance, images: ParticipationImages, proposals: ProposalsService, bp: BudgetProjectsService) {
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { files: MAX_IMAGES, fileSize: IMAGE_LIMITS.fileBytes } });
    const s = scope as AppInstance;
    const uploaded = { 201: z.object({ ids: z.array(z.string()) }) };
    const consumes = ['multipart/form-data'];

    s.post(`${BASE}/proposals/:id/images`, {
      config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
      schema: { tags, summary: `Add pictures to my proposal (multipart/form-data, field "images", at most ${MAX_IMAGES} in all; JPEG, PNG, WebP or HEIC, checked by content, re-encoded without metadata)`, consumes, params: ProposalImageParams, response: uploaded },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const p = await proposals.proposal(tenant.id, req.params.id);
        if (p.author_id !== requireUser(req).id) throw forbidden('Only the author can add pictures to a proposal.');
        const files = await readImageParts(req);
        return reply.code(201).send({ ids: await images.add(req.actor, tenant.id, 'proposal', p.id, files) });
      },
    });

    s.post(`${BASE}/budgets/:id/projects/:project/images`, {
      config: { access: STAFF },
      schema: { tags, summary: `Add pictures to a budget project (staff; audited; multipart/form-data, field "images", at most ${MAX_IMAGES} in all)`, consumes, params: ProjectParams, response: uploaded },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const { project: p } = await bp.project(tenant.id, req.params.id, req.params.project, true);
        const files = await readImageParts(req);
        return reply.code(201).send({ ids: await images.add(req.actor, tenant.id, 'budget_project', p.id, files, true) });
      },
    });
  });

  app.delete(`${BASE}/proposals/:id/images/:image`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Remove a picture from my proposal', params: ProposalImageParams.merge(ImageParams), response: { 204: z.null() } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const p = await proposals.proposal(tenant.id, req.params.id);
      if (p.author_id !== requireUser(req).id) throw forbidden('Only the author can remove pictures of a proposal.');
      await images.remove(req.actor, tenant.id, 'proposal', p.id, req.params.image);
      return reply.code(204).send(null);
    },
  });

  app.delete(`${BASE}/budgets/:id/projects/:project/images/:image`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Remove a picture from a budget project (staff; audited)', params: ProjectParams.merge(ImageParams), response: { 204: z.null() } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const { project: p } = await bp.project(tenant.id, req.params.id, req.params.project, true);
      await images.remove(req.actor, tenant.id, 'budget_project', p.id, req.params.image, true);
      return reply.code(204).send(null);
    },
  });

  // Public only for published content: a withdrawn or hidden proposal's pictures, or a draft budget's, answer 404.
  app.get(`${BASE}/proposals/:id/images/:image`, {
    config: { access: 'public' },
    schema: { tags, summary: "A proposal's picture (JPEG without metadata)", params: ProposalImageParams.merge(ImageParams) },
    handler: async (req, reply) => {
      const p = await proposals.shownProposal(requireTenant(req).id, req.params.id, req.actor);
      if (p.state === 'withdrawn') throw notFound('image');
      return sendJpeg(reply, (await images.file('proposal', p.id, req.params.image)).stream);
    },
  });

  app.get(`${BASE}/budgets/:id/projects/:project/images/:image`, {
    config: { access: 'public' },
    schema: { tags, summary: "A budget project's picture (JPEG without metadata)", params: ProjectParams.merge(ImageParams) },
    handler: async (req, reply) => {
      const { project: p } = await bp.project(requireTenant(req).id, req.params.id, req.params.project, false);
      return sendJpeg(reply, (await images.file('budget_project', p.id, req.params.image)).stream);
    },
  });
}
