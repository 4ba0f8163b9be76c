/** Survey rows → API shapes. */
import type { Selectable } from 'kysely';
import type { Database } from '../../../core/db.js';

type SurveyRow = Selectable<Database['participation_surveys']> & { responses: number | null };

export function presentSurveySummary(s: SurveyRow) {
  return { id: s.id, slug: s.slug, title: s.title, description: s.description, audience: s.audience, anonymous: s.anonymous, status: s.status, reconstructed: s.reconstructed, responses: Number(s.responses ?? 0) };
}
