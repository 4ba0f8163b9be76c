/**
 * How far a city's strategy content is translated (issue #13): for each of the city's languages, how many of
 * the translatable fields have a text in it, and which do not ("needs translation"), so staff can translate
 * side by side in the editor. Pure: it reads a strategy document, so it counts exactly what is published.
 */
import type { Locale } from '../../core/i18n.js';
import type { StrategyDocument } from './strategy.document.js';

type Text = { ro: string; en?: string | undefined; hu?: string | undefined };
export type TranslatableEntity = 'strategy' | 'pillar' | 'objective' | 'project' | 'kpi' | 'fundingSource';

export interface TranslatableField {
  entity: TranslatableEntity;
  code: string;
  field: string;
  text: Text;
}

/** Every user-facing translatable field of a strategy document, in document order. */
export function translatableFields(doc: StrategyDocument): TranslatableField[] {
  const out: TranslatableField[] = [];
  const add = (entity: TranslatableEntity, code: string, field: string, text: Text | undefined) => {
    if (text) out.push({ entity, code, field, text });
  };
  const s = doc.strategy;
  add('strategy', '', 'title', s.title);
  add('strategy', '', 'vision', s.vision);
  add('strategy', '', 'mission', s.mission);
  add('strategy', '', 'motto', s.motto);
  for (const f of doc.fundingSources) add('fundingSource', f.code, 'name', f.name);
  for (const p of doc.pillars) {
    add('pillar', p.code, 'title', p.title);
    add('pillar', p.code, 'diagnosis', p.diagnosis);
    for (const c of p.children) {
      add('objective', c.code, 'title', c.title);
      add('objective', c.code, 'description', c.description);
    }
  }
  for (const p of doc.projects) {
    add('project', p.code, 'title', p.title);
    add('project', p.code, 'description', p.description);
    add('project', p.code, 'remark', p.remark);
  }
  for (const k of doc.kpis) {
    add('kpi', k.code, 'name', k.name);
    add('kpi', k.code, 'remark', k.remark);
  }
  return out;
}

export interface LocaleStatus {
  locale: Locale;
  total: number;
  translated: number;
  /** the fields with no text in this language, with the text in the city's default language to translate from */
  missing: { entity: TranslatableEntity; code: string; field: string; source: string; text: Text }[];
}

/** Per language of the city: the count of translated fields and the list of those that need translation. */
export function translationStatus(doc: StrategyDocument, locales: readonly Locale[], defaultLocale: Locale): LocaleStatus[] {
  const fields = translatableFields(doc);
  return locales.map((locale) => {
    const missing = fields
      .filter((f) => !f.text[locale]?.trim())
      .map((f) => ({ entity: f.entity, code: f.code, field: f.field, source: f.text[defaultLocale] ?? f.text.ro, text: f.text }));
    return { locale, total: fields.length, translated: fields.length - missing.length, missing };
  });
}
