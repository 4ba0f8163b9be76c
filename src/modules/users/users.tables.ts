import type { Generated } from 'kysely';
import type { ApiKeyPurpose, Role } from '../../core/actor.js';

declare module '../../core/db.js' {
  interface Database {
    users: {
      id: Generated<string>;
      email: string;
      email_normalized: string;
      display_name: string;
      locale: Generated<'ro' | 'en' | 'hu'>;
      password_hash: string | null;
      email_verified_at: Date | null;
      /** may create, edit and archive cities on this installation (`urbia admin create --platform`) */
      platform_admin: Generated<boolean>;
      created_at: Generated<Date>;
      deleted_at: Date | null;
    };
    users_roles: {
      user_id: string;
      tenant_id: number;
      role: Role;
      granted_at: Generated<Date>;
      granted_by: string | null;
    };
    users_sessions: {
      id: string;
      user_id: string;
      csrf_token: string;
      created_at: Generated<Date>;
      expires_at: Date;
      user_agent: string | null;
      ip: string | null;
    };
    users_tokens: {
      token_hash: string;
      user_id: string;
      purpose: 'verify_email' | 'reset_password';
      created_at: Generated<Date>;
      expires_at: Date;
      used_at: Date | null;
    };
    users_api_keys: {
      id: Generated<string>;
      tenant_id: number;
      purpose: ApiKeyPurpose;
      name: string;
      prefix: string;
      key_hash: string;
      created_by: string | null;
      created_at: Generated<Date>;
      last_used_at: Date | null;
      revoked_at: Date | null;
    };
  }
}

declare module '../../core/events.js' {
  interface EventMap {
    /** a person deleted their account; modules anonymise what it wrote */
    'users.account.deleted': { userId: string };
  }
}
