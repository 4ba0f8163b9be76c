import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { LEGACY_UNITS } from '../src/shared/units.js';

/**
 * Issue #13. Projects and KPIs get a public `remark` (Multiloc): what a citizen needs to know of the staff-only
 * editorial note (a value is estimated, a baseline is from another year). KPI and status-quo units, stored as
 * free text (mostly English words such as "participants" in the Romanian UI), become UCUM codes whose labels
 * are shown in the viewer's language (src/shared/units.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pairs = Object.entries(LEGACY_UNITS).map(([text, code]) => sql`(${text}::text, ${code}::text)`);
  await runStatements(db, [
    sql`alter table strategy_projects add column remark jsonb`,
    sql`alter table strategy_kpis add column remark jsonb`,
    sql`update strategy_kpis k set unit = m.code from (values ${sql.join(pairs)}) as m(text, code) where k.unit = m.text`,
  ]);
  // Status-quo figures are a JSON array on the pillar; each figure's unit is mapped the same way.
  const pillars = await sql<{ id: number; status_quo: { unit?: string }[] }>`select id, status_quo from strategy_pillars`.execute(db);
  for (const p of pillars.rows) {
    let changed = false;
    const figures = (p.status_quo ?? []).map((f) => {
      const code = f.unit !== undefined ? LEGACY_UNITS[f.unit] : undefined;
      if (code === undefined || code === f.unit) return f;
      changed = true;
      return { ...f, unit: code };
    });
    if (changed) await sql`update strategy_pillars set status_quo = ${JSON.stringify(figures)}::jsonb where id = ${p.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`alter table strategy_kpis drop column remark`, sql`alter table strategy_projects drop column remark`]);
}
