import { z } from 'zod';
import { isoDate, TenantParams } from '../opendata.schemas.js';

export const DcatCatalogParams = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]+$/), format: z.enum(['ttl', 'jsonld', 'rdf']) });
export const DcatDatasetParams = DcatCatalogParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const DcatResourceParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const DcatDistributionParams = DcatResourceParams.extend({ distribution: z.string().regex(/^[a-z0-9-]{1,100}$/) });
export const DcatAgentParams = TenantParams.extend({ agent: z.string().regex(/^[a-z0-9-]{1,80}$/) });
/** An RFC 9457 problem (what the error handler sends). */
export const ProblemJson = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), code: z.string().optional() }).loose();
export const DcatCatalogQuery = z.strictObject({ page: z.coerce.number().int().min(1).optional(), modified_since: isoDate.optional() });
