/** Organisations, their members and their claims of open actions: request and response schemas. */
import { z } from 'zod';
import { HttpUrl, IdParam, Multiloc, MultilocOut } from '../directory.common.js';
import { TenantParams } from '../../tenants/index.js';

export const HELIX = ['public_administration', 'business', 'academia_research', 'civil_society'] as const;
export const ORG_KINDS = [
  'startup', 'sme', 'corporation', 'university', 'research_institute', 'ngo', 'foundation', 'federation', 'association',
  'incubator_accelerator', 'tech_park', 'cluster', 'investor', 'media', 'public_service_operator', 'public_institution', 'informal_group',
] as const;
/** Kinds listed in the NGO register (Romanian law: associations, foundations, federations — OG 26/2000). */
export const NGO_KINDS = ['ngo', 'foundation', 'federation', 'association'] as const;
export const LEGAL_FORMS = ['asociatie', 'fundatie', 'federatie', 'srl', 'sa', 'pfa', 'institutie_publica', 'regie_autonoma', 'other'] as const;
export const CLAIM_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;

/**
 * The Romanian fiscal code (CUI/CIF): 2–10 digits, optionally prefixed "RO", the last one a control digit —
 * the other digits, right-aligned against the key 753217532, are multiplied pairwise and summed; ×10 mod 11
 * (10 → 0) must equal the control digit.
 */
export function validCui(input: string): boolean {
  const digits = input.trim().toUpperCase().replace(/^RO/, '').trim();
  if (!/^\d{2,10}$/.test(digits)) return false;
  const body = digits.slice(0, -1).padStart(9, '0');
  const key = '753217532';
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * Number(key[i]);
  const control = ((sum * 10) % 11) % 10;
  return control === Number(digits[digits.length - 1]);
}
/** The CUI as stored: digits only (the "RO" VAT prefix is not part of the code). */
export const normaliseCui = (s: string) => s.trim().toUpperCase().replace(/^RO/, '').trim();

const Cui = z.string().max(14).refine(validCui, { message: 'Not a valid CUI: the control digit does not match (or it is not 2–10 digits).' }).transform(normaliseCui);
const Code = z.string().regex(/^[A-Za-z0-9._/-]{1,40}$/);

export const OrganisationFields = {
  name: Multiloc,
  helix: z.enum(HELIX),
  kind: z.enum(ORG_KINDS),
  cui: Cui.optional(),
  ngoRegistryNumber: z.string().trim().regex(/^[0-9A-Za-z/ .-]{1,40}$/, 'Letters, digits, "/", "-", "." only').optional(),
  legalForm: z.enum(LEGAL_FORMS).optional(),
  domains: z.array(z.string().trim().min(2).max(60)).max(12).default([]),
  publicUtility: z.boolean().default(false),
  address: z.string().trim().min(3).max(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  website: HttpUrl.optional(),
  contactEmail: z.email().max(200).optional(),
  contactPhone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/).optional(),
  contactPublic: z.boolean().default(false),
  strategyCodes: z.array(Code).max(20).default([]),
};
export const OrganisationCreateBody = z.strictObject(OrganisationFields);
export type OrganisationCreateInput = z.infer<typeof OrganisationCreateBody>;
export const OrganisationUpdateBody = z.strictObject({
  name: Multiloc.optional(),
  helix: z.enum(HELIX).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  cui: Cui.nullable().optional(),
  ngoRegistryNumber: OrganisationFields.ngoRegistryNumber.nullable(),
  legalForm: z.enum(LEGAL_FORMS).nullable().optional(),
  domains: z.array(z.string().trim().min(2).max(60)).max(12).optional(),
  publicUtility: z.boolean().optional(),
  address: z.string().trim().min(3).max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  website: HttpUrl.nullable().optional(),
  contactEmail: z.email().max(200).nullable().optional(),
  contactPhone: OrganisationFields.contactPhone.nullable(),
  contactPublic: z.boolean().optional(),
  strategyCodes: z.array(Code).max(20).optional(),
});
export type OrganisationUpdateInput = z.infer<typeof OrganisationUpdateBody>;

export const OrganisationListQuery = z.strictObject({
  kind: z.enum(ORG_KINDS).optional(),
  helix: z.enum(HELIX).optional(),
  domain: z.string().max(60).optional(),
  verified: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  publicUtility: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(100).optional(),
  ngo: z.enum(['true']).transform(() => true).optional(),
});
export type OrganisationListFilters = z.infer<typeof OrganisationListQuery>;
export const OrgParams = TenantParams.extend({ id: IdParam });
export const RegisterFormat = TenantParams.extend({ format: z.enum(['csv', 'json']) });

export const OrganisationOut = z
  .object({
    id: z.number(),
    name: MultilocOut,
    helix: z.enum(HELIX),
    kind: z.string(),
    cui: z.string().nullable(),
    ngoRegistryNumber: z.string().nullable(),
    legalForm: z.string().nullable(),
    domains: z.array(z.string()),
    publicUtility: z.boolean(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    website: z.string().nullable(),
    contact: z.object({ email: z.string().nullable(), phone: z.string().nullable() }).nullable().describe('only when the organisation consented to show it (or to its own admins and staff)'),
    logoUrl: z.string().nullable(),
    strategyCodes: z.array(z.string()),
    verified: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Organisation' });
export const MemberOut = z.object({ userId: z.string().nullable(), name: z.string(), role: z.enum(['admin', 'member']), status: z.enum(['requested', 'active']), public: z.boolean() });
export const OrganisationAbilities = z.object({ edit: z.boolean(), verify: z.boolean(), manageMembers: z.boolean(), join: z.boolean(), claim: z.boolean() });
export const OrganisationDetail = OrganisationOut.extend({ members: z.array(MemberOut), abilities: OrganisationAbilities, myRole: z.enum(['admin', 'member']).nullable() });
export const OrganisationListResponse = z.object({ items: z.array(OrganisationOut), total: z.number() });

export const VerifyBody = z.strictObject({ verified: z.boolean() });
export const JoinBody = z.strictObject({ public: z.boolean().default(false) });
export const MemberParams = OrgParams.extend({ userId: z.uuid() });
export const MemberUpdateBody = z.strictObject({ role: z.enum(['admin', 'member']).optional(), status: z.enum(['active']).optional(), public: z.boolean().optional() });

export const ClaimCreateBody = z.strictObject({ projectCode: Code, plan: z.string().trim().min(20).max(2000) });
export const ClaimDecisionBody = z.strictObject({ status: z.enum(['accepted', 'declined']) });
export const ClaimParams = TenantParams.extend({ claimId: IdParam });
export const ClaimListQuery = z.strictObject({ project: Code.optional(), organisation: z.coerce.number().int().positive().optional(), status: z.enum(CLAIM_STATUSES).optional() });
export const ClaimOut = z
  .object({ id: z.number(), projectCode: z.string(), projectTitle: MultilocOut.nullable(), organisation: z.object({ id: z.number(), name: MultilocOut, verified: z.boolean() }), plan: z.string(), status: z.enum(CLAIM_STATUSES), createdAt: z.string(), decidedAt: z.string().nullable() })
  .meta({ id: 'OpenActionClaim' });
export const ClaimListResponse = z.object({ items: z.array(ClaimOut) });
