/**
 * Translatable content and the server's own strings. User-facing content is stored as `{ ro, en, hu }`
 * (Romanian required: both cities publish in Romanian); UI strings live in `web/src/i18n/`. The server
 * needs its own only for what it sends outside the web app: emails.
 */
import { z } from 'zod';
import { TEXT_LIMITS } from '../shared/limits.js';

export const LOCALES = ['ro', 'en', 'hu'] as const;
export type Locale = (typeof LOCALES)[number];

/** The longest text in one language of a translatable field (a title or a long description alike). */
export const MULTILOC_MAX_LENGTH = TEXT_LIMITS.multiloc;

export const MultilocSchema = z
  .object({ ro: z.string().min(1).max(MULTILOC_MAX_LENGTH), en: z.string().min(1).max(MULTILOC_MAX_LENGTH).optional(), hu: z.string().min(1).max(MULTILOC_MAX_LENGTH).optional() })
  .strict()
  .meta({ id: 'Multiloc', description: 'Translatable text; Romanian is required' });
export type Multiloc = z.infer<typeof MultilocSchema>;

/** The text in `locale`, falling back to Romanian (always present). */
export function pick(text: Multiloc, locale: Locale): string {
  return text[locale] ?? text.ro;
}

/** A server text in every language (unlike `Multiloc`, none may be missing): a label, a notice's subject. */
export type Translations = Record<Locale, string>;

/** The text for each language, made by `f` (a date or a number formatted per language, a prefixed label). */
export function everyLocale(f: (locale: Locale) => string): Translations {
  return Object.fromEntries(LOCALES.map((l) => [l, f(l)])) as Translations;
}

/** A text that reads the same in every language (only placeholders, or a code). */
export const sameInEveryLocale = (text: string): Translations => everyLocale(() => text);

/** Substitutes `{name}` placeholders; a name without a value becomes empty text. */
export function fillIn(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** The word for `key` in a vocabulary (status names…) in every language; a key the table lacks stands as itself. */
export function wordFor(words: Record<string, Multiloc>, key: string): Multiloc {
  return words[key] ?? { ro: key };
}

/** A module's table of texts as a function: the text of `key` in `locale`, with its placeholders filled in. */
export function textCatalog<K extends string>(texts: Record<K, Translations>): (key: K, locale: Locale, vars?: Record<string, string | number>) => string {
  return (key, locale, vars = {}) => fillIn(texts[key][locale], vars);
}

const MESSAGES = {
  'email.verify.subject': {
    ro: 'Confirmați adresa de email pentru Urbia',
    en: 'Confirm your email address for Urbia',
    hu: 'Erősítse meg e-mail-címét az Urbia számára',
  },
  'email.verify.body': {
    ro: 'Bună ziua, {name}!\n\nPentru a vă confirma adresa de email, deschideți acest link:\n{link}\n\nLinkul este valabil 7 zile. Dacă nu v-ați creat un cont, ignorați acest mesaj.',
    en: 'Hello {name},\n\nTo confirm your email address, open this link:\n{link}\n\nThe link is valid for 7 days. If you did not create an account, ignore this message.',
    hu: 'Kedves {name}!\n\nAz e-mail-cím megerősítéséhez nyissa meg ezt a hivatkozást:\n{link}\n\nA hivatkozás 7 napig érvényes. Ha nem hozott létre fiókot, hagyja figyelmen kívül ezt az üzenetet.',
  },
  'email.reset.subject': {
    ro: 'Resetarea parolei Urbia',
    en: 'Reset your Urbia password',
    hu: 'Urbia jelszó visszaállítása',
  },
  'email.reset.body': {
    ro: 'Bună ziua, {name}!\n\nPentru a alege o parolă nouă, deschideți acest link:\n{link}\n\nLinkul este valabil o oră. Dacă nu ați cerut resetarea, ignorați acest mesaj; parola rămâne aceeași.',
    en: 'Hello {name},\n\nTo choose a new password, open this link:\n{link}\n\nThe link is valid for one hour. If you did not ask for this, ignore this message; your password stays the same.',
    hu: 'Kedves {name}!\n\nÚj jelszó választásához nyissa meg ezt a hivatkozást:\n{link}\n\nA hivatkozás egy óráig érvényes. Ha nem Ön kérte, hagyja figyelmen kívül ezt az üzenetet; a jelszava nem változik.',
  },
  'email.notification.footer': {
    ro: 'Primiți acest mesaj pentru că urmăriți acest subiect pe Urbia. Vedeți toate notificările: {link}',
    en: 'You receive this because you follow this on Urbia. See all notifications: {link}',
    hu: 'Azért kapja ezt az üzenetet, mert követi ezt az Urbián. Összes értesítés: {link}',
  },
} satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** A server string in `locale` with `{name}` placeholders filled in. */
export function t(key: MessageKey, locale: Locale, vars: Record<string, string> = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}
