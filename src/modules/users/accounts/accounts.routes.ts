import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireUser } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import type { TenantsService } from '../../tenants/index.js';
import { SESSION_COOKIE } from '../sessions/sessions.service.js';
import { presentUser } from '../users.presenter.js';
import { DeleteAccountBody, ProfilePatchBody, RegisterBody, ResetConfirmBody, ResetRequestBody, UserResponse, VerifyBody } from '../users.schemas.js';
import type { UsersService } from '../users.service.js';

const NoContent = { 204: z.null() };

/** Registration, the person's own profile and erasure, e-mail verification and password reset. */
export async function accountsRoutes(app: AppInstance, { users, tenants }: { users: UsersService; tenants: TenantsService }) {
  app.post('/api/v1/auth/register', {
    config: { access: 'public', rateLimit: RATE_LIMITS.register },
    schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody, response: { 201: UserResponse } },
    handler: async (req, reply) => {
      const tenant = req.body.tenant ? await tenants.bySlug(req.body.tenant) : undefined;
      const user = await users.register({ ...req.body, tenant });
      return reply.code(201).send(presentUser(user));
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
}
