/**
 * The CKAN Action API's routes (the actions themselves: opendata.ckan.ts): every action by GET (query string)
 * and POST (JSON body), in a scope with CKAN's error envelope.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import type { TenantsService } from '../../tenants/index.js';
import { CkanApi } from './ckan.service.js';
import { CkanQueryError } from './ckan.query.js';
import { presentCkanGroup, presentCkanOrganization, presentCkanPackage } from './ckan.presenter.js';
import { CkanGroupShowQuery, CkanListQuery, CkanPackageListQuery, CkanResponse, CkanSearchQuery, CkanShowQuery } from './ckan.schemas.js';
import type { OpendataService } from '../opendata.service.js';

/** CKAN's error envelope for an error thrown in an action (validation, query syntax, not found). */
function ckanError(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply, help: string) {
  const send = (status: number, error: Record<string, unknown>) => reply.code(status).type('application/json; charset=utf-8').serializer(JSON.stringify).send({ help, success: false, error });
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string[]> = {};
    for (const v of err.validation) (fields[v.instancePath.replace(/^\//, '').split('/')[0] || 'params'] ??= []).push(v.message ?? 'Invalid value');
    return send(409, { __type: 'Validation Error', ...fields });
  }
  if (err instanceof CkanQueryError) return send(409, { __type: 'Search Query Error', message: `Search Query is invalid: ${err.message}` });
  if (err instanceof AppError && err.status === 404) return send(404, { __type: 'Not Found Error', message: 'Not found' });
  if (err instanceof AppError && err.status === 409) return send(409, { __type: 'Validation Error', ...Object.fromEntries((err.errors ?? []).map((e) => [e.field, [e.message]])) });
  if (err instanceof AppError && err.status < 500) return send(err.status, { __type: err.status === 429 ? 'Too Many Requests' : 'Bad Request', message: err.message });
  if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) return send((err as FastifyError).statusCode!, { __type: 'Bad Request', message: err.message });
  req.log.error({ err }, 'CKAN action failed');
  return send(500, { __type: 'Internal Server Error', message: 'Internal Server Error' });
}

/** The routes: every action by GET (query string) and POST (JSON body), in a scope with CKAN's error shape. */
export async function ckanRoutes(app: AppInstance, deps: { service: OpendataService; tenants: TenantsService; publicUrl: () => string }) {
  const { publicUrl } = deps;
  const api = new CkanApi({ ...deps, present: { pkg: presentCkanPackage, organization: presentCkanOrganization, group: presentCkanGroup } });
  await app.register(async (scope: AppInstance) => {
    const help = (action: string) => `${publicUrl()}/api/3/action/help_show?name=${action}`;
    scope.setErrorHandler((err: FastifyError, req, reply) => ckanError(err, req, reply, help(/\/api\/3\/action\/([\w]+)/.exec(req.url)?.[1] ?? 'unknown')));

    const action = <S extends z.ZodType>(name: string, summary: string, input: S, run: (q: z.infer<S>) => unknown) => {
      const handler = async (req: FastifyRequest) => ({ help: help(name), success: true, result: await run(((req.method === 'POST' ? req.body : req.query) ?? {}) as z.infer<S>) });
      const response = { 200: CkanResponse, 404: CkanResponse, 409: CkanResponse };
      scope.get(`/api/3/action/${name}`, { config: { access: 'public' }, schema: { tags: ['ckan'], summary, querystring: input, response }, handler });
      scope.post(`/api/3/action/${name}`, { config: { access: 'public' }, schema: { tags: ['ckan'], summary: `${summary} (POST, JSON body)`, body: input, response }, handler });
    };

    action('package_search', 'CKAN package_search: q, fq (Solr subset: field:value, -negation, OR, AND, parentheses, ranges [a TO *] on metadata_modified/metadata_created, wildcards), sort, rows (≤ 1000), start', CkanSearchQuery, (q) => api.packageSearch(q));
    action('package_show', 'CKAN package_show (id or name = "<city>_<dataset>")', CkanShowQuery, (q) => api.packageShow(q.id));
    action('package_list', 'CKAN package_list (limit, offset)', CkanPackageListQuery, (q) => api.packageList(q));
    action('organization_list', 'CKAN organization_list: one organization per city (all_fields, sort, limit, offset)', CkanListQuery, (q) => api.organizationList(q));
    action('organization_show', 'CKAN organization_show (id; include_datasets)', CkanGroupShowQuery, (q) => api.organizationShow(q));
    action('group_list', 'CKAN group_list: one group per EU data theme in use (all_fields, sort, limit, offset)', CkanListQuery, (q) => api.groupList(q));
    action('group_show', 'CKAN group_show (id = theme in lower case, e.g. "tran"; include_datasets)', CkanGroupShowQuery, (q) => api.groupShow(q));
    action('status_show', 'CKAN status_show', z.object({}), () => api.statusShow());

    scope.route({
      method: ['GET', 'POST'],
      url: '/api/3/action/:action',
      config: { access: 'public' },
      schema: { tags: ['ckan'], summary: 'Any other action: CKAN\'s 400 "Action name not known"', params: z.object({ action: z.string().max(100) }), response: { 400: CkanResponse } },
      handler: async (req, reply) => reply.code(400).send({ help: help('unknown'), success: false, error: { __type: 'Bad Request', message: `Bad request - Action name not known: ${(req.params as { action: string }).action}` } }),
    });
  });
}
