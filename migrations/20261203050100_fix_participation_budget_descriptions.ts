import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Budgets imported from a .pb file without description, unit or instance were stored with an empty
 * `description.ro`, which the budgets' response schema refuses (GET …/budgets answered 500). They get their
 * title as description; imports now always write one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`update participation_budgets set description = jsonb_set(description, '{ro}', to_jsonb(coalesce(nullif(title->>'ro', ''), 'PB'))) where coalesce(description->>'ro', '') = ''`,
  ]);
}

export async function down(): Promise<void> {
  // nothing to undo: the empty descriptions were never valid
}
