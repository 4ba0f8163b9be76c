/** The notifications API's wire shapes, mirrored from src/modules/notifications/**\/*.schemas.ts. */
export type EmailFrequency = 'immediate' | 'daily' | 'weekly' | 'off';

export interface Preference {
  kind: string;
  inbox: boolean;
  email: boolean;
  push: boolean;
  sms: boolean;
  emailFrequency: EmailFrequency;
}

export interface Phone {
  phone: string | null;
  verified: boolean;
}
