/** Organisation rows → API shape. Contact details only with the organisation's consent (or for its admins and staff). */
import type { Multiloc } from '../../../core/i18n.js';
import type { OrganisationRow } from './organisations.repository.js';
import type { Database } from '../../../core/db.js';
import type { Selectable } from 'kysely';

type ClaimRow = Selectable<Database['directory_claims']>;

export function presentOrganisation(o: OrganisationRow, tenantSlug: string, showPrivate = false) {
  return {
    id: o.id,
    name: o.name as Multiloc,
    helix: o.helix as 'public_administration',
    kind: o.kind,
    cui: o.cui,
    ngoRegistryNumber: o.ngo_registry_number,
    legalForm: o.legal_form,
    domains: o.domains,
    publicUtility: o.public_utility,
    address: o.address,
    lat: o.lat,
    lon: o.lon,
    website: o.website,
    contact: o.contact_public || showPrivate ? { email: o.contact_email, phone: o.contact_phone } : null,
    logoUrl: o.logo_file ? `/api/v1/tenants/${tenantSlug}/organisations/${o.id}/logo` : null,
    strategyCodes: o.strategy_codes,
    verified: o.verified_at !== null,
    createdAt: o.created_at.toISOString(),
  };
}

/** The register's CSV columns (the open dataset uses the same; contact only when public). */
export const REGISTER_COLUMNS: { header: string; value(o: OrganisationRow): string | number | boolean | null }[] = [
  { header: 'id', value: (o) => o.id },
  { header: 'name_ro', value: (o) => (o.name as Multiloc).ro },
  { header: 'name_en', value: (o) => (o.name as Multiloc).en ?? null },
  { header: 'helix', value: (o) => o.helix },
  { header: 'kind', value: (o) => o.kind },
  { header: 'cui', value: (o) => o.cui },
  { header: 'ngo_registry_number', value: (o) => o.ngo_registry_number },
  { header: 'legal_form', value: (o) => o.legal_form },
  { header: 'domains', value: (o) => o.domains.join('; ') },
  { header: 'public_utility', value: (o) => o.public_utility },
  { header: 'address', value: (o) => o.address },
  { header: 'lat', value: (o) => o.lat },
  { header: 'lon', value: (o) => o.lon },
  { header: 'website', value: (o) => o.website },
  { header: 'contact_email', value: (o) => (o.contact_public ? o.contact_email : null) },
  { header: 'verified', value: (o) => o.verified_at !== null },
];

export function presentClaim(c: ClaimRow, org: OrganisationRow | undefined, projectTitle: Multiloc | null) {
  return {
    id: c.id,
    projectCode: c.project_code,
    projectTitle,
    organisation: { id: c.organisation_id, name: (org?.name as Multiloc | undefined) ?? { ro: '—' }, verified: !!org?.verified_at },
    plan: c.plan,
    status: c.status as 'proposed',
    createdAt: c.created_at.toISOString(),
    decidedAt: c.decided_at?.toISOString() ?? null,
  };
}
