import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, createdBy, idAndTenant, timestamps, userId } from './lib/columns.js';

/** The directory module: organisations (the NGO register), claims of open actions, groups, meetings, events, places. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table directory_organisations (
      ${idAndTenant('serial')},
      name jsonb not null,
      helix text not null check (helix in ('public_administration','business','academia_research','civil_society')),
      kind text not null,
      cui text,
      ngo_registry_number text,
      legal_form text,
      domains text[] not null default '{}',
      public_utility boolean not null default false,
      address text,
      lat double precision,
      lon double precision,
      website text,
      contact_email text,
      contact_phone text,
      contact_public boolean not null default false,
      logo_file text,
      strategy_codes text[] not null default '{}',
      verified_at timestamptz,
      ${byUser('verified_by')},
      ${createdBy},
      ${timestamps},
      unique (tenant_id, cui)
    )`,
    sql`create index directory_organisations_kind on directory_organisations (tenant_id, kind)`,
    sql`create table directory_organisation_members (
      ${belongsTo('organisation_id', 'directory_organisations')},
      ${userId},
      role text not null check (role in ('admin','member')),
      status text not null default 'active' check (status in ('requested','active')),
      public boolean not null default false,
      ${createdAt},
      primary key (organisation_id, user_id)
    )`,
    sql`create index directory_organisation_members_user on directory_organisation_members (user_id)`,
    sql`create table directory_claims (
      ${idAndTenant('serial')},
      ${belongsTo('organisation_id', 'directory_organisations')},
      project_code text not null,
      plan text not null,
      status text not null default 'proposed' check (status in ('proposed','accepted','declined','withdrawn')),
      ${createdBy},
      ${byUser('decided_by')},
      decided_at timestamptz,
      ${createdAt}
    )`,
    sql`create index directory_claims_project on directory_claims (tenant_id, project_code)`,
    sql`create unique index directory_claims_one_pending on directory_claims (organisation_id, project_code) where status in ('proposed','accepted')`,
    sql`create table directory_groups (
      ${idAndTenant('serial')},
      slug text not null check (slug ~ '^[a-z0-9-]+$'),
      kind text not null check (kind in ('action_group','working_group','steering_group','advisory_committee','civic_council')),
      name jsonb not null,
      purpose jsonb not null,
      strategy_code text,
      composition jsonb,
      links jsonb not null default '[]',
      visibility text not null default 'public' check (visibility in ('public','members')),
      open_to_requests boolean not null default true,
      ${timestamps},
      unique (tenant_id, slug)
    )`,
    sql`create table directory_group_members (
      id serial primary key,
      ${belongsTo('group_id', 'directory_groups')},
      ${byUser('user_id')},
      organisation_id int references directory_organisations(id) on delete cascade,
      position text not null default 'member' check (position in ('coordinator','member','observer')),
      status text not null default 'requested' check (status in ('requested','active','declined')),
      public boolean not null default false,
      message text,
      anonymised boolean not null default false,
      ${createdAt},
      check (user_id is not null or organisation_id is not null or anonymised)
    )`,
    sql`create unique index directory_group_members_user on directory_group_members (group_id, user_id) where user_id is not null and organisation_id is null`,
    sql`create unique index directory_group_members_org on directory_group_members (group_id, organisation_id) where organisation_id is not null`,
    sql`create table directory_meetings (
      ${idAndTenant('serial')},
      ${belongsTo('group_id', 'directory_groups')},
      uid text not null unique,
      title jsonb not null,
      description jsonb,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      time_zone text not null default 'Europe/Bucharest',
      address text,
      lat double precision,
      lon double precision,
      online_url text,
      agenda jsonb not null default '[]',
      documents jsonb not null default '[]',
      capacity int,
      status text not null default 'scheduled' check (status in ('scheduled','cancelled')),
      sequence int not null default 0,
      minutes_state text not null default 'none' check (minutes_state in ('none','draft','approved')),
      ${timestamps},
      check (ends_at > starts_at)
    )`,
    sql`create index directory_meetings_group on directory_meetings (group_id, starts_at)`,
    sql`create table directory_meeting_registrations (
      id serial primary key,
      ${belongsTo('meeting_id', 'directory_meetings')},
      ${byUser('user_id')},
      attended boolean not null default false,
      ${createdAt},
      unique (meeting_id, user_id)
    )`,
    sql`create index directory_meeting_registrations_user on directory_meeting_registrations (user_id)`,
    sql`create table directory_minutes (
      id serial primary key,
      ${belongsTo('meeting_id', 'directory_meetings')},
      version int not null,
      body jsonb not null,
      attendance jsonb not null default '[]',
      state text not null check (state in ('draft','approved')),
      ${createdBy},
      ${createdAt},
      unique (meeting_id, version)
    )`,
    sql`create table directory_decisions (
      id serial primary key,
      ${belongsTo('meeting_id', 'directory_meetings')},
      text jsonb not null,
      method text not null check (method in ('consensus','vote')),
      votes_for int, votes_against int, votes_abstain int,
      links text[] not null default '{}',
      ${createdAt}
    )`,
    sql`create table directory_events (
      ${idAndTenant('serial')},
      uid text not null unique,
      kind text not null check (kind in ('workshop','hackathon','public_debate','cultural','sport','other')),
      title jsonb not null,
      description jsonb,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      address text,
      lat double precision,
      lon double precision,
      online_url text,
      strategy_code text,
      group_id int references directory_groups(id) on delete set null,
      organisation_id int references directory_organisations(id) on delete set null,
      status text not null default 'scheduled' check (status in ('scheduled','cancelled')),
      sequence int not null default 0,
      ${createdBy},
      ${timestamps},
      check (ends_at > starts_at)
    )`,
    sql`create index directory_events_time on directory_events (tenant_id, starts_at)`,
    sql`create table directory_event_follows (
      ${belongsTo('event_id', 'directory_events')},
      ${userId},
      primary key (event_id, user_id)
    )`,
    sql`create table directory_calendar_tokens (
      user_id uuid primary key references users(id) on delete cascade,
      token_hash text not null unique,
      ${createdAt}
    )`,
    sql`create table directory_places (
      ${idAndTenant('serial')},
      kind text not null,
      name text not null,
      lat double precision,
      lon double precision,
      tags jsonb not null default '{}',
      details jsonb not null default '{}',
      organisation_id int references directory_organisations(id) on delete set null,
      osm_id text,
      source text not null check (source in ('osm','staff','suggestion')),
      status text not null default 'published' check (status in ('published','pending','rejected')),
      ${byUser('suggested_by')},
      ${timestamps}
    )`,
    sql`create unique index directory_places_osm on directory_places (tenant_id, osm_id) where osm_id is not null`,
    sql`create index directory_places_kind on directory_places (tenant_id, status, kind)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop table if exists directory_places, directory_calendar_tokens, directory_event_follows, directory_events, directory_decisions, directory_minutes, directory_meeting_registrations, directory_meetings, directory_group_members, directory_groups, directory_claims, directory_organisation_members, directory_organisations`,
  ]);
}
