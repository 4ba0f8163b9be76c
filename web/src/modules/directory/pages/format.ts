import i18n from 'i18next';

/** A date and time as the city reads it (Europe/Bucharest), in the current language. */
export function when(iso: string, tz = 'Europe/Bucharest', allDay = false): string {
  const d = new Date(allDay ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(i18n.language === 'hu' ? 'hu-HU' : i18n.language === 'en' ? 'en-GB' : 'ro-RO', allDay ? { dateStyle: 'long', timeZone: 'UTC' } : { dateStyle: 'long', timeStyle: 'short', timeZone: tz }).format(d);
}
