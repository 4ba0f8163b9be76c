import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

declare module '../../core/db.js' {
  interface Database {
    directory_organisations: {
      id: Generated<number>;
      tenant_id: number;
      name: Json<Multiloc>;
      helix: string;
      kind: string;
      cui: string | null;
      ngo_registry_number: string | null;
      legal_form: string | null;
      domains: string[];
      public_utility: boolean;
      address: string | null;
      lat: number | null;
      lon: number | null;
      website: string | null;
      contact_email: string | null;
      contact_phone: string | null;
      contact_public: boolean;
      logo_file: string | null;
      strategy_codes: string[];
      verified_at: Date | null;
      verified_by: string | null;
      created_by: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    directory_organisation_members: {
      organisation_id: number;
      user_id: string;
      role: 'admin' | 'member';
      status: Generated<'requested' | 'active'>;
      public: boolean;
      created_at: Generated<Date>;
    };
    directory_claims: {
      id: Generated<number>;
      tenant_id: number;
      organisation_id: number;
      project_code: string;
      plan: string;
      status: Generated<'proposed' | 'accepted' | 'declined' | 'withdrawn'>;
      created_by: string | null;
      decided_by: string | null;
      decided_at: Date | null;
      created_at: Generated<Date>;
    };
    directory_groups: {
      id: Generated<number>;
      tenant_id: number;
      slug: string;
      kind: string;
      name: Json<Multiloc>;
      purpose: Json<Multiloc>;
      strategy_code: string | null;
      composition: Json<Multiloc> | null;
      links: Json<{ title: string; url: string }[]>;
      visibility: 'public' | 'members';
      open_to_requests: boolean;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    directory_group_members: {
      id: Generated<number>;
      group_id: number;
      user_id: string | null;
      organisation_id: number | null;
      position: 'coordinator' | 'member' | 'observer';
      status: 'requested' | 'active' | 'declined';
      public: boolean;
      message: string | null;
      anonymised: Generated<boolean>;
      created_at: Generated<Date>;
    };
    directory_meeting_files: {
      id: Generated<number>;
      tenant_id: number;
      meeting_id: number;
      /** index into the meeting's agenda, when the document belongs to one item */
      agenda_item: number | null;
      title: string;
      /** the uploader's file name, cleaned, for the download */
      name: string;
      /** `<uuid>.<ext>` under the data directory */
      file_name: string;
      media_type: string;
      bytes: number;
      uploaded_by: string | null;
      created_at: Generated<Date>;
    };
    directory_meetings: {
      id: Generated<number>;
      tenant_id: number;
      group_id: number;
      uid: string;
      title: Json<Multiloc>;
      description: Json<Multiloc> | null;
      starts_at: Date;
      ends_at: Date;
      time_zone: string;
      address: string | null;
      lat: number | null;
      lon: number | null;
      online_url: string | null;
      agenda: Json<Multiloc[]>;
      documents: Json<{ title: string; url: string }[]>;
      capacity: number | null;
      status: Generated<'scheduled' | 'cancelled'>;
      sequence: Generated<number>;
      minutes_state: Generated<'none' | 'draft' | 'approved'>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    directory_meeting_registrations: {
      id: Generated<number>;
      meeting_id: number;
      user_id: string | null;
      attended: Generated<boolean>;
      created_at: Generated<Date>;
    };
    directory_minutes: {
      id: Generated<number>;
      meeting_id: number;
      version: number;
      body: Json<Multiloc>;
      attendance: Json<number[]>;
      state: 'draft' | 'approved';
      created_by: string | null;
      created_at: Generated<Date>;
    };
    directory_decisions: {
      id: Generated<number>;
      meeting_id: number;
      text: Json<Multiloc>;
      method: 'consensus' | 'vote';
      votes_for: number | null;
      votes_against: number | null;
      votes_abstain: number | null;
      links: string[];
      created_at: Generated<Date>;
    };
    directory_events: {
      id: Generated<number>;
      tenant_id: number;
      uid: string;
      kind: string;
      title: Json<Multiloc>;
      description: Json<Multiloc> | null;
      starts_at: Date;
      ends_at: Date;
      address: string | null;
      lat: number | null;
      lon: number | null;
      online_url: string | null;
      strategy_code: string | null;
      group_id: number | null;
      organisation_id: number | null;
      status: Generated<'scheduled' | 'cancelled'>;
      sequence: Generated<number>;
      created_by: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    directory_event_follows: { event_id: number; user_id: string };
    directory_calendar_tokens: { user_id: string; token_hash: string; created_at: Generated<Date> };
    directory_places: {
      id: Generated<number>;
      tenant_id: number;
      kind: string;
      name: string;
      lat: number | null;
      lon: number | null;
      tags: Json<Record<string, string>>;
      details: Json<Record<string, unknown>>;
      organisation_id: number | null;
      osm_id: string | null;
      source: 'osm' | 'staff' | 'suggestion';
      status: Generated<'published' | 'pending' | 'rejected'>;
      suggested_by: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
  }
}
