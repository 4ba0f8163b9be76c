/**
 * Notification texts: every kind of notification is a template per language (ro, en, hu), registered by
 * the module that owns the event, and rendered for each recipient in their own language. Parameters are
 * plain strings (a code, a number) or translatable text (a title), picked in the recipient's language.
 */
import { LOCALES, type Locale, type Multiloc, pick, type Translations } from '../../core/i18n.js';

export type TemplateText = Record<Locale, { subject: string; body: string }>;
export type NoticeParams = Record<string, string | number | Multiloc | null | undefined>;
export interface Rendered {
  subject: string;
  body: string;
}

/**
 * A kind of notice as a module writes it: its subject and its body, each in every language (the layout of
 * every other translatable text). A notice whose subject says it all (an alert) leaves the body out.
 */
export interface NoticeText {
  subject: Translations;
  body?: Translations;
}

/** A module's notice texts in the layout the hub renders (per language, a subject and a body). */
export function noticeTemplates<K extends string>(texts: Record<K, NoticeText>): Record<K, TemplateText> {
  const out = {} as Record<K, TemplateText>;
  for (const [key, t] of Object.entries(texts) as [K, NoticeText][]) {
    out[key] = Object.fromEntries(LOCALES.map((l) => [l, { subject: t.subject[l], body: (t.body ?? t.subject)[l] }])) as TemplateText;
  }
  return out;
}

const isMultiloc = (v: unknown): v is Multiloc => typeof v === 'object' && v !== null && typeof (v as Multiloc).ro === 'string';

/** Substitutes `{name}` in a template; unknown names stay visible rather than vanish. */
export function fill(text: string, params: NoticeParams, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return name in params ? '' : whole;
    return isMultiloc(v) ? pick(v, locale) : String(v);
  });
}

export class Templates {
  private readonly map = new Map<string, TemplateText>();

  register(templates: Record<string, TemplateText>): void {
    for (const [key, t] of Object.entries(templates)) {
      if (this.map.has(key)) throw new Error(`notification template "${key}" registered twice`);
      for (const l of LOCALES) if (!t[l]?.subject || !t[l]?.body) throw new Error(`notification template "${key}" has no ${l} text`);
      this.map.set(key, t);
    }
  }

  keys(): string[] {
    return [...this.map.keys()].sort();
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  render(key: string, params: NoticeParams, locale: Locale): Rendered {
    const t = this.map.get(key);
    if (!t) throw new Error(`no notification template "${key}"`);
    // Empty lines left by empty parameters are collapsed.
    const body = fill(t[locale].body, params, locale).replace(/\n{3,}/g, '\n\n').trim();
    return { subject: fill(t[locale].subject, params, locale).replace(/\s+/g, ' ').trim(), body };
  }

  /** The template in every language. */
  renderAll(key: string, params: NoticeParams): Record<Locale, Rendered> {
    return Object.fromEntries(LOCALES.map((l) => [l, this.render(key, params, l)])) as Record<Locale, Rendered>;
  }
}
