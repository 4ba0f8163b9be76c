import { z } from 'zod';
import { hasRole } from '../../../core/actor.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, Code, STAFF, tags } from '../participation.common.js';
import { presentProcess } from './processes.presenter.js';
import type { ProcessRow } from './processes.repository.js';
import { ProcessFields, ProcessOut, Slug } from './processes.schemas.js';
import type { ProcessesService } from './processes.service.js';

export async function processesRoutes(app: AppInstance, processes: ProcessesService) {
  app.get(`${BASE}/processes`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Participatory processes (spaces) with phases, scope and strategy links', params: TenantParams, querystring: z.strictObject({ project: Code.optional() }), response: { 200: z.object({ items: z.array(ProcessOut) }) } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const rows = req.query.project ? (await processes.processesForProject(tenant.id, req.query.project)).map((r) => ({ ...r, description: { ro: '' }, links: [] })) : await processes.processes(tenant.id);
      return { items: rows.map((r) => presentProcess(r as ProcessRow)) };
    },
  });
  app.get(`${BASE}/processes/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A participatory process, with what you may do', params: TenantParams.extend({ id: Slug }), response: { 200: ProcessOut.extend({ abilities: z.object({ edit: z.boolean() }) }) } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      return { ...presentProcess(await processes.process(tenant.id, req.params.id)), abilities: { edit: hasRole(req.actor, tenant.id, ['staff']) } };
    },
  });
  app.post(`${BASE}/processes`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a process (staff; audited)', params: TenantParams, body: ProcessFields.extend({ slug: Slug }), response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await processes.createProcess(req.actor, requireTenant(req), req.body) }),
  });
  app.put(`${BASE}/processes/:id`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Edit a process: texts, scope, phases in order and links (staff; audited with before and after)', params: TenantParams.extend({ id: Slug }), body: ProcessFields, response: { 200: ProcessOut } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const slug = await processes.updateProcess(req.actor, tenant, req.params.id, req.body);
      return presentProcess(await processes.process(tenant.id, slug));
    },
  });
}
