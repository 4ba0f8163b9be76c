/** The texts of the monitoring module's notifications (progress reports, evaluations) and timeline entries, in the three languages. */
import { everyLocale, type Locale, type Multiloc, textCatalog, type Translations } from '../../core/i18n.js';
import { fillNotice, type NoticeParams, type NoticeText } from '../notifications/index.js';

const M = {
  approvedSubject: { ro: 'Noutăți despre {code}: raportul de progres nr. {number} a fost aprobat', en: 'News on {code}: progress report {number} was approved', hu: 'Hírek: {code} — a(z) {number}. előrehaladási jelentést jóváhagyták' },
  approvedBody: {
    ro: '{code} — {title}\n\nPerioada {start} – {end}. Stadiu: {status}{progress}.\n\n{narrative}',
    en: '{code} — {title}\n\nPeriod {start} – {end}. Status: {status}{progress}.\n\n{narrative}',
    hu: '{code} — {title}\n\nIdőszak: {start} – {end}. Állapot: {status}{progress}.\n\n{narrative}',
  },
  linkedIntro: { ro: 'Propunerea dumneavoastră a devenit acest proiect. Iată ce s-a întâmplat:', en: 'Your proposal became this project. Here is what happened:', hu: 'Az Ön javaslatából lett ez a projekt. Ez történt:' },
  returnedSubject: { ro: 'Raportul de progres nr. {number} ({code}) a fost returnat', en: 'Progress report {number} ({code}) was returned', hu: 'A(z) {number}. előrehaladási jelentést ({code}) visszaküldték' },
  returnedBody: { ro: 'Comentariul personalului:\n\n{comment}', en: 'Comment from staff:\n\n{comment}', hu: 'A munkatársak megjegyzése:\n\n{comment}' },
  teamApprovedSubject: { ro: 'Raportul de progres nr. {number} ({code}) a fost aprobat', en: 'Progress report {number} ({code}) was approved', hu: 'A(z) {number}. előrehaladási jelentést ({code}) jóváhagyták' },
  reminderBeforeSubject: { ro: 'Raportul de progres pentru {code} este scadent la {due}', en: 'The progress report for {code} is due on {due}', hu: 'A(z) {code} előrehaladási jelentésének határideje: {due}' },
  reminderOverdueSubject: { ro: 'Raportul de progres pentru {code} este întârziat (scadent la {due})', en: 'The progress report for {code} is overdue (due on {due})', hu: 'A(z) {code} előrehaladási jelentése késik (határidő: {due})' },
  reminderBody: { ro: 'Perioada {start} – {end}.', en: 'Period {start} – {end}.', hu: 'Időszak: {start} – {end}.' },
  answeredSubject: { ro: 'Răspuns la recomandarea {n}: {round}', en: 'Answer to recommendation {n}: {round}', hu: 'Válasz a(z) {n}. ajánlásra: {round}' },
  answeredBody: {
    ro: 'Recomandarea pe care ați înregistrat-o a primit un răspuns.\n\nRecomandarea {n}: {text}\nStare: {status}\nRăspuns: {answer}',
    en: 'The recommendation you recorded has been answered.\n\nRecommendation {n}: {text}\nStatus: {status}\nAnswer: {answer}',
    hu: 'Az Ön által rögzített ajánlásra válasz érkezett.\n\n{n}. ajánlás: {text}\nÁllapot: {status}\nVálasz: {answer}',
  },
  timeline: { ro: 'Raportul de progres nr. {number} (perioada {start} – {end}) a fost aprobat. {narrative}', en: 'Progress report {number} (period {start} – {end}) was approved. {narrative}', hu: 'A(z) {number}. előrehaladási jelentést ({start} – {end}) jóváhagyták. {narrative}' },
} satisfies Record<string, Translations>;

export { PROJECT_STATUS_TEXT as STATUS_TEXT } from '../strategy/index.js';

/**
 * The notice of an approved progress report, for the notifications hub: one text for the project's followers
 * and for the authors whose proposal became the project ({intro} is their extra line).
 */
export const approvalNotice = (): NoticeText => ({ subject: M.approvedSubject, body: everyLocale((l) => `{intro}${M.approvedBody[l]}`) });

/** The line before the news for people whose proposal became the project. */
export const linkedIntro = (): Multiloc => everyLocale((l) => `${M.linkedIntro[l]}\n\n`);

export const msg = textCatalog(M);

/** A notice's text in `locale` whose parameters may be translatable (a title, a status word), read in that language. */
export const noticeText = (key: keyof typeof M, locale: Locale, params: NoticeParams): string => fillNotice(M[key][locale], params, locale);

/** The public timeline entry of an approved report: the narrative in each language it was written in. */
export function timelineText(vars: { number: number; start: string; end: string }, narrative: Multiloc): Multiloc {
  const out: Multiloc = { ro: msg('timeline', 'ro', { ...vars, narrative: narrative.ro }) };
  if (narrative.en) out.en = msg('timeline', 'en', { ...vars, narrative: narrative.en });
  if (narrative.hu) out.hu = msg('timeline', 'hu', { ...vars, narrative: narrative.hu });
  return out;
}
