/** Routes of published revisions and the diff of two. */
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentRevision } from '../revisions/revisions.presenter.js';
import * as S from '../strategy.schemas.js';
import type { StrategyService } from '../strategy.service.js';
import { BASE, both, CsvText, STAFF, tags } from '../strategy.http.js';

/** Published revisions and their diff. */
export function revisionRoutes(app: AppInstance, strategy: StrategyService) {
  app.post(`${BASE}/revisions`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Publish a named revision (a snapshot of the whole strategy)', params: S.TenantOnlyParams, body: S.RevisionCreateBody, response: { 201: S.RevisionSummary } },
    handler: async (req, reply) => reply.code(201).send(presentRevision(await strategy.publishRevision(req.actor, requireTenant(req), req.body))),
  });
  for (const url of both(`${BASE}/revisions`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'Published revisions, newest first', params: S.TenantOnlyParams, response: { 200: S.RevisionListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const items = (await strategy.revisions(tenant.id)).map(presentRevision);
        if (wantsCsv(req))
          return sendCsv(reply, `revisions-${tenant.slug}.csv`, items, [
            { header: 'id', value: (r) => r.id },
            { header: 'name', value: (r) => r.name },
            { header: 'note', value: (r) => r.note },
            { header: 'created_at', value: (r) => r.createdAt },
            { header: 'author', value: (r) => r.author },
            { header: 'projects', value: (r) => r.counts.projects },
            { header: 'kpis', value: (r) => r.counts.kpis },
          ]);
        return { items, abilities: { edit: strategy.canEdit(req.actor, tenant.id) } };
      },
    });
  app.get(`${BASE}/revisions/:a/diff/:b`, {
    config: { access: 'public' },
    schema: { tags, summary: 'What changed between two revisions (ids, or "current" for the live strategy)', params: S.RevisionDiffParams, response: { 200: S.RevisionDiffResponse } },
    handler: async (req) => strategy.diff(requireTenant(req), req.params.a, req.params.b),
  });
}
