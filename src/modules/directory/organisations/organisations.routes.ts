/** Organisations, the NGO register (JSON/CSV), members and claims of open actions. Thin: schema → service → presenter. */
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { readOneUpload } from '../../../core/documents.js';
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { IMAGE_LIMITS, processImage } from '../../../core/images.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF, callerView } from '../directory.common.js';
import { presentClaim, presentOrganisation, REGISTER_COLUMNS } from './organisations.presenter.js';
import * as S from './organisations.schemas.js';
import type { ClaimsService } from './organisations.claims.service.js';
import type { OrganisationsService } from './organisations.service.js';

const tags = ['directory'];
const NoContent = { 204: z.null() };

export async function organisationsRoutes(app: AppInstance, svc: OrganisationsService, claims: ClaimsService) {
  registerRoutes(app, svc);
  logoRoutes(app, svc);
  memberRoutes(app, svc);
  claimRoutes(app, claims);
}

/** The organisations and the NGO register as lists and files, one organisation, its registration, edits and verification. */
function registerRoutes(app: AppInstance, svc: OrganisationsService) {
  app.get(`${BASE}/organisations`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Organisations (filterable; `ngo=true` gives the NGO register). CSV with Accept: text/csv.', params: TenantParams, querystring: S.OrganisationListQuery, response: { 200: S.OrganisationListResponse } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const rows = await svc.list(tenant.id, req.query);
      if (wantsCsv(req)) return sendCsv(reply, `${tenant.slug}-organisations.csv`, rows, REGISTER_COLUMNS);
      return { items: rows.map((o) => presentOrganisation(o, tenant.slug)), total: rows.length };
    },
  });
  app.get(`${BASE}/ngo-register.:format`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The NGO register as a file: CSV or JSON (public data only; contact details only with consent)', params: S.RegisterFormat, querystring: S.OrganisationListQuery.omit({ ngo: true }), response: { 200: S.OrganisationListResponse } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const rows = await svc.list(tenant.id, { ...req.query, ngo: true });
      if (req.params.format === 'csv') return sendCsv(reply, `${tenant.slug}-ngo-register.csv`, rows, REGISTER_COLUMNS);
      reply.header('content-disposition', `attachment; filename="${tenant.slug}-ngo-register.json"`);
      return { items: rows.map((o) => presentOrganisation(o, tenant.slug)), total: rows.length };
    },
  });
  app.get(`${BASE}/organisations/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'An organisation with its (consenting) members and what you may do', params: S.OrgParams, response: { 200: S.OrganisationDetail } },
    handler: async (req, reply) => {
      const { tenant, view: d } = await callerView(req, reply, (actor, t) => svc.detail(actor, t, req.params.id));
      return { ...presentOrganisation(d.org, tenant.slug, d.seePrivate), members: d.members, abilities: d.abilities, myRole: d.myRole };
    },
  });
  app.post(`${BASE}/organisations`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Register an organisation (you become its admin; unverified until staff verify it)', params: TenantParams, body: S.OrganisationCreateBody, response: { 201: S.OrganisationOut } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      return reply.code(201).send(presentOrganisation(await svc.register(req.actor, tenant, req.body), tenant.slug, true));
    },
  });
  app.patch(`${BASE}/organisations/:id`, {
    config: { access: 'user' },
    schema: { tags, summary: "Edit an organisation (its admins or staff; audited)", params: S.OrgParams, body: S.OrganisationUpdateBody, response: { 200: S.OrganisationOut } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      return presentOrganisation(await svc.update(req.actor, tenant, req.params.id, req.body), tenant.slug, true);
    },
  });
  app.put(`${BASE}/organisations/:id/verification`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Verify an organisation, or withdraw the verification (staff; audited)', params: S.OrgParams, body: S.VerifyBody, response: { 200: S.OrganisationOut } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      return presentOrganisation(await svc.verify(req.actor, tenant, req.params.id, req.body.verified), tenant.slug, true);
    },
  });
}

function logoRoutes(app: AppInstance, svc: OrganisationsService) {
  app.get(`${BASE}/organisations/:id/logo`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The logo (JPEG, re-encoded on upload)', params: S.OrgParams },
    handler: async (req, reply) => {
      const logo = await svc.logo(requireTenant(req).id, req.params.id);
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(logo.stream);
    },
  });
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { files: 1, fileSize: IMAGE_LIMITS.fileBytes } });
    (scope as AppInstance).put(`${BASE}/organisations/:id/logo`, {
      config: { access: 'user' },
      schema: { tags, summary: 'Upload the logo (multipart/form-data, field "logo"; JPEG, PNG, WebP or HEIC, checked by content and re-encoded without metadata)', consumes: ['multipart/form-data'], params: S.OrgParams, response: NoContent },
      handler: async (req, reply) => {
        const { buffer: buf } = await readOneUpload(req, 'logo', IMAGE_LIMITS.fileBytes);
        const image = await processImage(buf, 'logo', { maxEdge: 512 });
        await svc.setLogo(req.actor, requireTenant(req), req.params.id, image);
        return reply.code(204).send(null);
      },
    });
  });
}

function memberRoutes(app: AppInstance, svc: OrganisationsService) {
  app.post(`${BASE}/organisations/:id/members`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Ask to join an organisation (an admin approves; `public` = you consent to be listed publicly)', params: S.OrgParams, body: S.JoinBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.join(req.actor, requireTenant(req), req.params.id, req.body.public);
      return reply.code(204).send(null);
    },
  });
  app.patch(`${BASE}/organisations/:id/members/:userId`, {
    config: { access: 'user' },
    schema: { tags, summary: "Approve a request or change a member's role (admins); change your own consent to be listed", params: S.MemberParams, body: S.MemberUpdateBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.updateMember(req.actor, requireTenant(req), req.params.id, req.params.userId, req.body);
      return reply.code(204).send(null);
    },
  });
  app.delete(`${BASE}/organisations/:id/members/:userId`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Remove a member (admins) or leave (yourself); the last admin cannot leave', params: S.MemberParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.removeMember(req.actor, requireTenant(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  });
}

/** Claims of open actions by organisations. */
function claimRoutes(app: AppInstance, svc: ClaimsService) {
  const claimOut = async (req: { actor: Parameters<ClaimsService['claims']>[0] }, tenant: ReturnType<typeof requireTenant>, f: Parameters<ClaimsService['claims']>[2]) =>
    (await svc.claims(req.actor, tenant, f)).map((c) => presentClaim(c.row, c.org, c.title));
  app.get(`${BASE}/claims`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Claims of open actions: accepted ones publicly ("taken on by …"); staff see all, members their own', params: TenantParams, querystring: S.ClaimListQuery, response: { 200: S.ClaimListResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await claimOut(req, requireTenant(req), req.query) };
    },
  });
  app.post(`${BASE}/organisations/:id/claims`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: "Propose that the organisation takes on an open action (or a project's working group), with a short plan", params: S.OrgParams, body: S.ClaimCreateBody, response: { 201: S.ClaimOut } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const c = await svc.proposeClaim(req.actor, tenant, req.params.id, req.body);
      return reply.code(201).send((await claimOut(req, tenant, { organisation: req.params.id })).find((x) => x.id === c.id)!);
    },
  });
  app.put(`${BASE}/claims/:claimId/decision`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Accept or decline a claim (staff; audited; an accepted one goes on the open action\'s timeline)', params: S.ClaimParams, body: S.ClaimDecisionBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.decideClaim(req.actor, requireTenant(req), req.params.claimId, req.body.status);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/claims/:claimId/withdraw`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Withdraw a claim not yet decided (the organisation\'s members)', params: S.ClaimParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.withdrawClaim(req.actor, requireTenant(req), req.params.claimId);
      return reply.code(204).send(null);
    },
  });
}
