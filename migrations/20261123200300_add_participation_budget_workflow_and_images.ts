import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdAt, tenantId } from './lib/columns.js';

/**
 * Budget projects' workflow before the vote (proposed → eligible | ineligible with a public reason →
 * costed with a note → ready; only ready projects are on the ballot) and images of proposals and budget
 * projects. Projects that were on the ballot before this migration (eligible, costed) become ready.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // A budget in preparation is public (its projects are reviewed and costed in the open) but has no ballot yet.
    sql`alter table participation_budgets drop constraint participation_budgets_status_check`,
    sql`alter table participation_budgets add constraint participation_budgets_status_check check (status in ('draft','preparing','voting','closed'))`,
    sql`alter table participation_budget_projects drop constraint participation_budget_projects_review_check`,
    sql`update participation_budget_projects set review = case review when 'submitted' then 'proposed' when 'ineligible' then 'ineligible' else 'ready' end`,
    sql`alter table participation_budget_projects alter column review set default 'ready'`,
    sql`alter table participation_budget_projects add constraint participation_budget_projects_review_check check (review in ('proposed','eligible','ineligible','costed','ready'))`,
    sql`alter table participation_budget_projects
      add column review_reason text,
      add column cost_note text,
      add column proposed_cost numeric check (proposed_cost >= 0),
      add column proposal_id int references participation_proposals(id) on delete set null,
      add column reviewed_at timestamptz`,
    sql`alter table participation_budget_projects add constraint participation_budget_projects_ineligible_reason check (review <> 'ineligible' or review_reason is not null)`,
    // At most three images per item: positions 0–2, one image per position (a race gets a unique violation).
    sql`create table participation_images (
      id uuid primary key,
      ${tenantId},
      target_type text not null check (target_type in ('proposal','budget_project')),
      target_id int not null,
      position int not null check (position between 0 and 2),
      file_name text not null,
      width int not null,
      height int not null,
      ${createdAt},
      constraint participation_images_slot unique (target_type, target_id, position)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop table if exists participation_images`,
    sql`alter table participation_budget_projects drop constraint participation_budget_projects_ineligible_reason`,
    sql`alter table participation_budget_projects drop column review_reason, drop column cost_note, drop column proposed_cost, drop column proposal_id, drop column reviewed_at`,
    sql`alter table participation_budget_projects drop constraint participation_budget_projects_review_check`,
    sql`update participation_budget_projects set review = case review when 'proposed' then 'submitted' when 'ready' then 'eligible' else review end`,
    sql`alter table participation_budget_projects alter column review set default 'eligible'`,
    sql`alter table participation_budget_projects add constraint participation_budget_projects_review_check check (review in ('submitted','eligible','ineligible','costed'))`,
    sql`update participation_budgets set status = 'draft' where status = 'preparing'`,
    sql`alter table participation_budgets drop constraint participation_budgets_status_check`,
    sql`alter table participation_budgets add constraint participation_budgets_status_check check (status in ('draft','voting','closed'))`,
  ]);
}
