/**
 * The notice sent when staff answer a recommendation: the steering member who recorded it gets an inbox
 * notification and an e-mail, in their language. It goes through the notifications module's existing call
 * (`notifyUsers`) and nothing else, inside the answer's transaction, so rewiring it to a notifications hub
 * is a change to this one function.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../core/db.js';
import { wordFor } from '../../../core/i18n.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { noticeText } from '../monitoring.messages.js';
import { RECOMMENDATION_STATUS_TEXT } from './evaluations.messages.js';
import type { EvaluationRow, RecommendationRow } from './evaluations.repository.js';

export type Notices = Pick<NotificationsService, 'notifyUsers'>;

/** Tells the recorder of `rec` (not the person answering) that it was answered. Plain text: never markup. */
export async function noticeRecommendationAnswered(notices: Notices, trx: Transaction<Database> | Kysely<Database>, tenant: TenantRow, round: EvaluationRow, rec: RecommendationRow, answeredBy: string | null): Promise<void> {
  if (!rec.created_by || rec.created_by === answeredBy) return;
  await notices.notifyUsers(trx, [rec.created_by], tenant.id, (locale) => {
    // translatable values are read in the recipient's language (Romanian when it has none), absent ones are empty
    const params = { n: rec.number, round: round.title, text: rec.text, answer: rec.answer, status: wordFor(RECOMMENDATION_STATUS_TEXT, rec.status) };
    return { kind: 'monitoring.recommendation.answered', subject: noticeText('answeredSubject', locale, params), body: noticeText('answeredBody', locale, params), link: `/${tenant.slug}/evaluations/${round.id}` };
  });
}
