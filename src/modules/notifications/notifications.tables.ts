import type { Generated } from 'kysely';

declare module '../../core/db.js' {
  interface Database {
    notifications_inbox: {
      id: Generated<string>;
      user_id: string;
      tenant_id: number | null;
      kind: string;
      subject: string;
      body: string;
      link: string | null;
      created_at: Generated<Date>;
      read_at: Date | null;
    };
  }
}
