/** The notifications API's wire shapes, generated from the OpenAPI document (web/src/api/schema.gen.ts). */
import type { ApiGet } from '../../../api/client';

export type Preference = ApiGet<'/api/v1/me/notification-preferences'>['items'][number];
export type EmailFrequency = Preference['emailFrequency'];
export type Phone = ApiGet<'/api/v1/me/phone'>;
export type Follow = ApiGet<'/api/v1/me/follows'>['items'][number];
