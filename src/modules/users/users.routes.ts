import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../core/http.js';
import { requireTenant, requireUser } from '../../core/http.js';
import { RATE_LIMITS } from '../../shared/limits.js';
import type { TenantsService } from '../tenants/index.js';
import { presentApiKey, presentMe, presentMember, presentUser } from './users.presenter.js';
import {
  ApiKeyCreateBody,
  DeleteAccountBody,
  ApiKeyCreateResponse,
  ApiKeyListResponse,
  ApiKeyParams,
  LoginBody,
  LoginResponse,
  MemberListResponse,
  MemberParams,
  MemberRolesBody,
  PeopleSearchQuery,
  PeopleSearchResponse,
  MemberRolesResponse,
  MeResponse,
  ProfilePatchBody,
  RegisterBody,
  ResetConfirmBody,
  ResetRequestBody,
  UserResponse,
  VerifyBody,
} from './users.schemas.js';
import { SESSION_COOKIE, SESSION_DAYS, type UsersService } from './users.service.js';
import { TenantParams } from '../tenants/index.js';

const NoContent = { 204: z.null() };

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: SESSION_DAYS * 86400,
  });
}

export async function usersRoutes(app: AppInstance, { users, tenants }: { users: UsersService; tenants: TenantsService }) {
  app.post('/api/v1/auth/register', {
    config: { access: 'public', rateLimit: RATE_LIMITS.register },
    schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody, response: { 201: UserResponse } },
    handler: async (req, reply) => {
      const tenant = req.body.tenant ? await tenants.bySlug(req.body.tenant) : undefined;
      const user = await users.register({ ...req.body, tenant });
      return reply.code(201).send(presentUser(user));
    },
  });

  app.post('/api/v1/auth/login', {
    config: { access: 'public', rateLimit: RATE_LIMITS.login },
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: LoginResponse } },
    handler: async (req, reply) => {
      const { token } = await users.login(req.body.email, req.body.password, { userAgent: req.headers['user-agent'], ip: req.ip });
      setSessionCookie(req, reply, token);
      return presentMe(await users.sessionActor(token), await tenants.list());
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out', response: NoContent },
    handler: async (req, reply) => {
      await users.logout(req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/auth/me', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Who am I: the signed-in person, their roles, abilities and CSRF token', response: { 200: MeResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return presentMe(req.actor, await tenants.list());
    },
  });

  app.patch('/api/v1/auth/me', {
    config: { access: 'user' },
    schema: { tags: ['auth'], summary: 'Change my name or language', body: ProfilePatchBody, response: { 200: UserResponse } },
    handler: async (req) => presentUser(await users.updateProfile(requireUser(req).id, req.body)),
  });

  app.delete('/api/v1/auth/me', {
    config: { access: 'user', rateLimit: RATE_LIMITS.passwordReset },
    schema: { tags: ['auth'], summary: 'Delete my account (personal data erased; my contributions stay, anonymised)', body: DeleteAccountBody, response: NoContent },
    handler: async (req, reply) => {
      await users.deleteAccount(req.actor, req.body.password);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/verify', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['auth'], summary: 'Confirm an email address with the emailed token', body: VerifyBody, response: NoContent },
    handler: async (req, reply) => {
      await users.verifyEmail(req.body.token);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/verify/resend', {
    config: { access: 'user', rateLimit: RATE_LIMITS.passwordReset },
    schema: { tags: ['auth'], summary: 'Send the verification email again', response: { 202: z.null() } },
    handler: async (req, reply) => {
      await users.resendVerification(requireUser(req).id);
      return reply.code(202).send(null);
    },
  });

  app.post('/api/v1/auth/reset', {
    config: { access: 'public', rateLimit: RATE_LIMITS.passwordReset },
    schema: { tags: ['auth'], summary: 'Ask for a password reset link (always 202, whether or not the email has an account)', body: ResetRequestBody, response: { 202: z.null() } },
    handler: async (req, reply) => {
      await users.requestPasswordReset(req.body.email);
      return reply.code(202).send(null);
    },
  });

  app.post('/api/v1/auth/reset/confirm', {
    config: { access: 'public', rateLimit: RATE_LIMITS.passwordReset },
    schema: { tags: ['auth'], summary: 'Set a new password with the emailed token', body: ResetConfirmBody, response: NoContent },
    handler: async (req, reply) => {
      await users.confirmPasswordReset(req.body.token, req.body.password);
      return reply.code(204).send(null);
    },
  });

  // Staff area: members and API keys of a city (admins only).

  app.get('/api/v1/tenants/:tenant/members', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'People with a role in this city', params: TenantParams, response: { 200: MemberListResponse } },
    handler: async (req) => ({
      items: (await users.members(requireTenant(req))).map(presentMember),
    }),
  });

  app.get('/api/v1/tenants/:tenant/people', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'Find a person to give a role: an exact e-mail address or part of a name (at most 10; addresses of non-members masked)', params: TenantParams, querystring: PeopleSearchQuery, response: { 200: PeopleSearchResponse } },
    handler: async (req) => ({
      items: (await users.searchPeople(requireTenant(req), req.query.q)).map(presentMember),
    }),
  });

  app.put('/api/v1/tenants/:tenant/members/:userId/roles', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: "Set a person's roles in this city (audited)", params: MemberParams, body: MemberRolesBody, response: { 200: MemberRolesResponse } },
    handler: async (req) => ({ roles: await users.setMemberRoles(req.actor, requireTenant(req), req.params.userId, req.body.roles) }),
  });

  app.get('/api/v1/tenants/:tenant/api-keys', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: "This city's API keys (without their secrets)", params: TenantParams, response: { 200: ApiKeyListResponse } },
    handler: async (req) => ({ items: (await users.apiKeys(requireTenant(req))).map(presentApiKey) }),
  });

  app.post('/api/v1/tenants/:tenant/api-keys', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'Create an API key for a machine (the secret is shown once; audited)', params: TenantParams, body: ApiKeyCreateBody, response: { 201: ApiKeyCreateResponse } },
    handler: async (req, reply) => {
      const { key, secret } = await users.createApiKey(req.actor, requireTenant(req), req.body);
      return reply.code(201).send({ ...presentApiKey(key), secret });
    },
  });

  app.delete('/api/v1/tenants/:tenant/api-keys/:id', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'Revoke an API key (audited)', params: ApiKeyParams, response: NoContent },
    handler: async (req, reply) => {
      await users.revokeApiKey(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
