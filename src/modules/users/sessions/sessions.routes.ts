import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Abilities } from '../../../core/abilities.js';
import type { AppInstance } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import type { TenantsService } from '../../tenants/index.js';
import { presentMe } from '../users.presenter.js';
import { LoginBody, meResponse } from '../users.schemas.js';
import type { UsersService } from '../users.service.js';
import { SESSION_COOKIE, SESSION_DAYS } from './sessions.service.js';

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: SESSION_DAYS * 86400,
  });
}

/** Signing in and out, and who the caller is. */
export async function sessionsRoutes(app: AppInstance, { users, tenants, abilities }: { users: UsersService; tenants: TenantsService; abilities: Abilities }) {
  const MeResponse = meResponse(abilities.names);
  app.post('/api/v1/auth/login', {
    config: { access: 'public', rateLimit: RATE_LIMITS.login },
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: MeResponse } },
    handler: async (req, reply) => {
      const { token } = await users.login(req.body.email, req.body.password, { userAgent: req.headers['user-agent'], ip: req.ip });
      setSessionCookie(req, reply, token);
      return presentMe(await users.sessionActor(token), await tenants.list(), abilities);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
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
      return presentMe(req.actor, await tenants.list(), abilities);
    },
  });
}
