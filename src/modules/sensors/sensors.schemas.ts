/** What several resources' schemas share: a property name, an id in a path, an area in a path. */
import { z } from 'zod';
import { PROPERTY_NAMES } from './sensors.properties.js';

export const Property = z.enum(PROPERTY_NAMES as [string, ...string[]]);
export const Id = z.coerce.number().int().positive();

export const AreaParams = z.strictObject({ tenant: z.string(), area: z.string().min(1).max(100) });
