import { z } from 'zod';
import { API_KEY_PURPOSES, ROLES } from '../../core/actor.js';
import { LOCALES } from '../../core/i18n.js';
import { OPTIONAL_CONSENTS } from './privacy/privacy.notices.js';

const Email = z.email('must be an email address').max(254);
const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const DisplayName = z.string().trim().min(1, 'must not be empty').max(100);
const Locale = z.enum(LOCALES);

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  locale: Locale.default('ro'),
  tenant: z.string().regex(/^[a-z0-9-]+$/).max(63).optional().describe('the city whose citizen the person becomes'),
  acceptTerms: z.literal(true, 'must be accepted').describe('the person accepts the current terms of use'),
  acceptPrivacy: z.literal(true, 'must be accepted').describe('the person has read the current privacy notice'),
  optionalConsents: z.array(z.enum(OPTIONAL_CONSENTS)).max(OPTIONAL_CONSENTS.length).optional().describe('optional processing the person agrees to (public display name, e-mail digests, SMS)'),
});
export const LoginBody = z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(200) });
export const VerifyBody = z.strictObject({ token: z.string().min(10).max(200) });
export const ResetRequestBody = z.strictObject({ email: Email });
export const ResetConfirmBody = z.strictObject({ token: z.string().min(10).max(200), password: Password });
export const ProfilePatchBody = z.strictObject({ displayName: DisplayName.optional(), locale: Locale.optional() });

export const Membership = z.object({ tenant: z.string(), roles: z.array(z.enum(ROLES)) });
export const UserResponse = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    locale: Locale,
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'User' });
/**
 * Who am I. The city-wide abilities are the modules' own (`<module>.<verb>`, see src/core/abilities.ts), so the
 * schema is made from their names: the OpenAPI document lists each, and the web's `useCan` is typed by them.
 */
export function meResponse(abilityNames: readonly string[]) {
  // One schema per set of names: an app built again in the same process (tests) reuses it, so the registry
  // never holds two schemas under the id CityAbilities.
  const key = abilityNames.join(',');
  const made = meResponses.get(key) ?? makeMeResponse(abilityNames);
  meResponses.set(key, made);
  return made;
}
const meResponses = new Map<string, ReturnType<typeof makeMeResponse>>();

function makeMeResponse(abilityNames: readonly string[]) {
  const CityAbilities = z.object(Object.fromEntries(abilityNames.map((n) => [n, z.boolean()]))).meta({ id: 'CityAbilities' });
  return z.object({
    authenticated: z.boolean(),
    user: UserResponse.nullable(),
    memberships: z.array(Membership),
    csrfToken: z.string().nullable(),
    abilities: z.object({
      accessAdmin: z.boolean(),
      adminTenants: z.array(z.string()),
      cities: z.record(z.string(), CityAbilities).describe('city slug → what the person may do there, for each city they belong to (every city for a platform admin)'),
    }),
  });
}

export const MemberResponse = z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), emailVerified: z.boolean(), roles: z.array(z.enum(ROLES)) });
export const MemberListResponse = z.object({ items: z.array(MemberResponse) });
export const PeopleSearchQuery = z.object({ q: z.string().trim().min(3).max(200).meta({ description: 'an e-mail address, or at least 3 letters of a name' }) });
export const PeopleSearchResponse = z.object({ items: z.array(MemberResponse) });
export const MemberParams = z.object({ tenant: z.string(), userId: z.uuid() });
export const MemberRolesBody = z.strictObject({ roles: z.array(z.enum(ROLES)).max(ROLES.length) });
export const MemberRolesResponse = z.object({ roles: z.array(z.enum(ROLES)) });

export const ApiKeyResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  purpose: z.enum(API_KEY_PURPOSES),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  revoked: z.boolean(),
});
export const ApiKeyCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100), purpose: z.enum(API_KEY_PURPOSES) });
export const ApiKeyCreateResponse = ApiKeyResponse.extend({ secret: z.string().describe('shown once; only its hash is stored') });
export const ApiKeyListResponse = z.object({ items: z.array(ApiKeyResponse) });
export const ApiKeyParams = z.object({ tenant: z.string(), id: z.uuid() });
export const DeleteAccountBody = z.strictObject({ password: z.string().min(1).max(200).describe('the current password, to confirm') });
