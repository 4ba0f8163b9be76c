import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';

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
      /** the followed thing this notification is about (digests group by it) */
      thing_kind: string | null;
      thing_id: string | null;
      /** the outbox event it was made from (unique per person: a retried fan-out adds nothing) */
      event_id: number | null;
    };
    notifications_follows: {
      id: Generated<number>;
      tenant_id: number;
      user_id: string | null;
      /** a follower without an account (an anonymous or Open311 reporter who gave an address) */
      email: string | null;
      kind: string;
      target: string;
      polygon: Json<{ type: 'Polygon'; coordinates: number[][][] }> | null;
      min_lon: number | null;
      min_lat: number | null;
      max_lon: number | null;
      max_lat: number | null;
      implicit: Generated<boolean>;
      unsubscribe_token: Generated<string>;
      /** null while the address waits for its confirmation link (double opt-in): not counted, not notified */
      confirmed_at: Generated<Date | null>;
      confirm_token_hash: string | null;
      created_at: Generated<Date>;
    };
    notifications_preferences: {
      user_id: string;
      kind: string;
      inbox: Generated<boolean>;
      email: Generated<boolean>;
      push: Generated<boolean>;
      sms: Generated<boolean>;
      email_frequency: Generated<'immediate' | 'daily' | 'weekly' | 'off'>;
      updated_at: Generated<Date>;
    };
    notifications_digest_items: {
      id: Generated<number>;
      user_id: string;
      tenant_id: number | null;
      frequency: 'daily' | 'weekly';
      kind: string;
      thing_kind: string;
      thing_id: string;
      subject: string;
      body: string;
      link: string | null;
      event_id: number;
      created_at: Generated<Date>;
      sent_at: Date | null;
    };
    notifications_digest_settings: {
      tenant_id: number;
      /** local hour (0–23) in `time_zone` at which the city's digests go out */
      hour: Generated<number>;
      time_zone: Generated<string>;
      /** ISO weekday (1 = Monday) of the weekly digest */
      weekly_day: Generated<number>;
      updated_at: Generated<Date>;
    };
    notifications_digest_runs: {
      tenant_id: number;
      frequency: 'daily' | 'weekly';
      /** the local date (YYYY-MM-DD) or ISO week (YYYY-Www) the run covers */
      period: string;
      people: Generated<number>;
      created_at: Generated<Date>;
    };
    notifications_feed_entries: {
      id: Generated<number>;
      tenant_id: number;
      thing_kind: string;
      thing_id: string;
      event_id: number;
      /** {ro, en, hu} */
      title: Json<Record<string, string>>;
      content: Json<Record<string, string>>;
      link: string | null;
      created_at: Generated<Date>;
    };
    notifications_fanouts: {
      event_id: number;
      recipients: number;
      created_at: Generated<Date>;
    };
  }
}

declare module '../../core/db.js' {
  interface Database {
    notifications_vapid_keys: { id: Generated<number>; public_key: string; private_key: string; created_at: Generated<Date> };
    notifications_push_subscriptions: {
      id: Generated<number>;
      user_id: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      user_agent: string | null;
      created_at: Generated<Date>;
      last_sent_at: Date | null;
    };
    notifications_phones: {
      user_id: string;
      /** E.164, e.g. +40722123456 */
      phone: string;
      code_hash: string | null;
      code_expires_at: Date | null;
      code_attempts: Generated<number>;
      verified_at: Date | null;
      created_at: Generated<Date>;
    };
    notifications_sms_gateways: { tenant_id: number; url: string; secret: string; updated_at: Generated<Date> };
    notifications_deliveries: {
      id: Generated<number>;
      user_id: string;
      channel: 'push' | 'sms';
      kind: string;
      /** what it went to, shortened: the push service's host, or the phone number's last digits */
      target: string;
      status: 'sent' | 'failed' | 'gone';
      attempts: number;
      error: string | null;
      event_id: number;
      created_at: Generated<Date>;
    };
  }
}
