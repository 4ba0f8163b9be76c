import type { Generated } from 'kysely';
import type { Json } from '../../../core/core.tables.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { ConsentKind, NoticeKind } from './privacy.notices.js';

declare module '../../../core/db.js' {
  interface Database {
    /** published versions of the terms and the privacy notice; tenant_id null = every city */
    users_notices: {
      id: Generated<number>;
      tenant_id: number | null;
      kind: NoticeKind;
      version: string;
      body: Json<Multiloc>;
      published_at: Generated<Date>;
    };
    /** one row per consent given; withdrawing sets withdrawn_at (the history stays, as proof) */
    users_consents: {
      id: Generated<number>;
      user_id: string;
      kind: ConsentKind;
      /** the notice version accepted (terms, privacy); null for optional consents */
      version: string | null;
      source: 'registration' | 'account' | 'operator';
      granted_at: Generated<Date>;
      withdrawn_at: Date | null;
    };
    users_privacy_contacts: {
      tenant_id: number;
      dpo_email: string;
      updated_at: Generated<Date>;
    };
    users_exports: {
      id: Generated<string>;
      user_id: string;
      status: Generated<'queued' | 'running' | 'ready' | 'failed' | 'expired'>;
      /** the download link's secret; the link also needs the owner's session */
      token: string | null;
      file_name: string | null;
      bytes: number | null;
      error: string | null;
      created_at: Generated<Date>;
      finished_at: Date | null;
      expires_at: Date | null;
    };
  }
}

declare module '../../../core/events.js' {
  interface EventMap {
    /** a person asked for a copy of their data; the worker builds the ZIP */
    'users.export.requested': { exportId: string; userId: string };
  }
}
