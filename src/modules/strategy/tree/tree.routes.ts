/** Routes of the strategy tree, the whole document, its translations and editorial notes, and the blank start. */
import { z } from 'zod';
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentDocument } from '../strategy.presenter.js';
import * as S from '../strategy.schemas.js';
import type { StrategyService } from '../strategy.service.js';
import { BASE, both, CsvText, STAFF, tags } from '../strategy.http.js';

/** The tree, the whole document, its translations and notes, and the blank start. */
export function treeRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/strategy`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'The strategy: vision, pillars with objectives, counts and progress per pillar (CSV: one row per pillar)', params: S.TenantOnlyParams, response: { 200: S.StrategyTreeResponse.or(CsvText) } },
      handler: async (req, reply) => {
        if (!wantsCsv(req))
          // the cached tree's text, checked against its schema once per version, sent as it is
          return reply.type('application/json; charset=utf-8').send(await strategy.treeJson(requireTenant(req), req.actor));
        const tree = await strategy.tree(requireTenant(req), req.actor);
        return sendCsv(reply, `strategy-${tree.tenant}.csv`, tree.pillars, [
          { header: 'code', value: (p) => p.code },
          { header: 'kind', value: (p) => p.kind },
          { header: 'title_ro', value: (p) => p.title.ro },
          { header: 'title_en', value: (p) => p.title.en },
          { header: 'dimension', value: (p) => p.dimension },
          { header: 'sdgs', value: (p) => p.sdgs.join(' ') },
          { header: 'objectives', value: (p) => p.counts.objectives },
          { header: 'projects', value: (p) => p.counts.projects },
          { header: 'open_actions', value: (p) => p.counts.openActions },
          { header: 'kpis', value: (p) => p.counts.kpis },
          { header: 'kpi_progress_percent', value: (p) => p.progress.kpiProgress },
          { header: 'kpis_with_data', value: (p) => p.progress.kpisWithData },
          { header: 'projects_completed', value: (p) => p.progress.projectsCompleted },
        ]);
      },
    });

  app.get(`${BASE}/strategy/document`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The whole strategy as a strategy document (the format of `urbia strategy export`)', params: S.TenantOnlyParams, response: { 200: z.record(z.string(), z.unknown()) } },
    handler: async (req) => presentDocument(await strategy.documentFor(req.actor, requireTenant(req))) as unknown as Record<string, unknown>,
  });

  app.get(`${BASE}/strategy/translations`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Staff: per language of the city, the count of translated content fields and the list that needs translation', params: S.TenantOnlyParams, response: { 200: S.StrategyTranslationsResponse } },
    handler: async (req) => strategy.translations(req.actor, requireTenant(req)),
  });

  app.get(`${BASE}/strategy/notes`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Staff: the editorial notes written while transcribing the strategy (never shown to the public)', params: S.TenantOnlyParams, response: { 200: S.StrategyNotesResponse } },
    handler: async (req) => strategy.editorialNotes(req.actor, requireTenant(req)),
  });

  app.post(`${BASE}/strategy/blank`, {
    config: { access: { roles: ['staff'] } },
    schema: { tags, summary: 'Start the strategy from the blank template (a draft with one ambition, checked by the document schema); 409 when one exists', params: S.TenantOnlyParams, response: { 201: S.BlankStrategyResponse } },
    handler: async (req, reply) => {
      const r = await strategy.startBlank(req.actor, requireTenant(req));
      return reply.code(201).send({ hash: r.hash });
    },
  });

}
