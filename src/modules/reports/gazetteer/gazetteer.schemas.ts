import { z } from 'zod';

/** "Type an address": the gazetteer and the geocoder. */
export const GeocodeQuery = z.strictObject({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(10).default(8),
});
export const GeocodeResponse = z.object({
  items: z.array(
    z.object({
      label: z.string(),
      kind: z.enum(['street', 'place', 'address']),
      lat: z.number(),
      lon: z.number(),
      source: z.enum(['gazetteer', 'geocoder']).describe("the city's own gazetteer, or the external geocoder when the gazetteer had no match"),
    }),
  ),
});
export const GazetteerImportQuery = z.strictObject({
  mode: z.enum(['replace', 'append']).default('replace'),
  source: z.string().max(200).optional(),
});
export const GazetteerCsvBody = z.string().describe('CSV (text/csv): label,lat,lon[,kind] with kind street, place or address');
export const GazetteerImportResponse = z.object({ rows: z.number().int(), replaced: z.boolean() });
export const GazetteerInfoResponse = z.object({ rows: z.number().int(), externalGeocoder: z.boolean() });
