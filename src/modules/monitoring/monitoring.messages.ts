/** The texts of the monitoring module's notifications and timeline entries, in the three languages. */
import type { Locale, Multiloc } from '../../core/i18n.js';

type Texts = Record<Locale, string>;

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

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
  timeline: { ro: 'Raportul de progres nr. {number} (perioada {start} – {end}) a fost aprobat. {narrative}', en: 'Progress report {number} (period {start} – {end}) was approved. {narrative}', hu: 'A(z) {number}. előrehaladási jelentést ({start} – {end}) jóváhagyták. {narrative}' },
} satisfies Record<string, Texts>;

export { PROJECT_STATUS_TEXT as STATUS_TEXT } from '../strategy/index.js';

/**
 * The notification template of an approved progress report, for the notifications hub: one template for the
 * project's followers and for the authors whose proposal became the project ({intro} is their extra line).
 */
export function approvalTemplate(): Record<Locale, { subject: string; body: string }> {
  const t = (l: Locale) => ({ subject: M.approvedSubject[l], body: `{intro}${M.approvedBody[l]}` });
  return { ro: t('ro'), en: t('en'), hu: t('hu') };
}

/** The line before the news for people whose proposal became the project. */
export const linkedIntro = (): Multiloc => ({ ro: `${M.linkedIntro.ro}\n\n`, en: `${M.linkedIntro.en}\n\n`, hu: `${M.linkedIntro.hu}\n\n` });

export function msg(key: keyof typeof M, locale: Locale, vars: Record<string, string | number> = {}): string {
  return fill(M[key][locale], vars);
}

/** The public timeline entry of an approved report: the narrative in each language it was written in. */
export function timelineText(vars: { number: number; start: string; end: string }, narrative: Multiloc): Multiloc {
  const out: Multiloc = { ro: msg('timeline', 'ro', { ...vars, narrative: narrative.ro }) };
  if (narrative.en) out.en = msg('timeline', 'en', { ...vars, narrative: narrative.en });
  if (narrative.hu) out.hu = msg('timeline', 'hu', { ...vars, narrative: narrative.hu });
  return out;
}
