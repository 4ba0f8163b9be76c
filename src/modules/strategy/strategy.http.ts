/** What every strategy route file shares: the base path, the staff roles, the CSV variant of a collection. */
import { z } from 'zod';
import { STRATEGY_EDIT_ROLES } from './strategy.policy.js';

export const BASE = '/api/v1/tenants/:tenant';
export const STAFF = { roles: STRATEGY_EDIT_ROLES };
export const NoContent = { 204: z.null() };
export const tags = ['strategy'];
/** The CSV variant of a collection is the same route with ".csv". */
export const both = (path: string) => [path, `${path}.csv`];
export const CsvText = z.string().describe('CSV (text/csv)');
export const ro = (m: { ro: string } | undefined | null) => m?.ro;
export const en = (m: { en?: string | undefined } | undefined | null) => m?.en;
export { sendJsonText } from '../../core/http.js';
