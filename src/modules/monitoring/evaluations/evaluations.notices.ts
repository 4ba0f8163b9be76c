/**
 * The notice sent when staff answer a recommendation: the steering member who recorded it gets an inbox
 * notification and an e-mail, in their language. It goes through the notifications module's existing call
 * (`notifyUsers`) and nothing else, inside the answer's transaction, so rewiring it to a notifications hub
 * is a change to this one function.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../core/db.js';
import type { Locale, Multiloc } from '../../../core/i18n.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { RECOMMENDATION_STATUS_TEXT } from './evaluations.messages.js';
import type { EvaluationRow, RecommendationRow } from './evaluations.repository.js';

export type Notices = Pick<NotificationsService, 'notifyUsers'>;

const TEXT = {
  subject: { ro: 'Răspuns la recomandarea {n}: {round}', en: 'Answer to recommendation {n}: {round}', hu: 'Válasz a(z) {n}. ajánlásra: {round}' },
  body: {
    ro: 'Recomandarea pe care ați înregistrat-o a primit un răspuns.\n\nRecomandarea {n}: {text}\nStare: {status}\nRăspuns: {answer}',
    en: 'The recommendation you recorded has been answered.\n\nRecommendation {n}: {text}\nStatus: {status}\nAnswer: {answer}',
    hu: 'Az Ön által rögzített ajánlásra válasz érkezett.\n\n{n}. ajánlás: {text}\nÁllapot: {status}\nVálasz: {answer}',
  },
} satisfies Record<string, Record<Locale, string>>;

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const pick = (m: Multiloc | null, l: Locale) => (m ? (m[l] ?? m.ro ?? '') : '');

/** Tells the recorder of `rec` (not the person answering) that it was answered. Plain text: never markup. */
export async function noticeRecommendationAnswered(notices: Notices, trx: Transaction<Database> | Kysely<Database>, tenant: TenantRow, round: EvaluationRow, rec: RecommendationRow, answeredBy: string | null): Promise<void> {
  if (!rec.created_by || rec.created_by === answeredBy) return;
  await notices.notifyUsers(trx, [rec.created_by], tenant.id, (locale) => {
    const vars = { n: rec.number, round: pick(round.title, locale), text: pick(rec.text, locale), answer: pick(rec.answer, locale), status: RECOMMENDATION_STATUS_TEXT[rec.status]?.[locale] ?? rec.status };
    return { kind: 'monitoring.recommendation.answered', subject: fill(TEXT.subject[locale], vars), body: fill(TEXT.body[locale], vars), link: `/${tenant.slug}/evaluations/${round.id}` };
  });
}
