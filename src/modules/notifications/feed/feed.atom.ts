/**
 * The Atom feed (RFC 4287) of one followable thing or map area: the notices the hub sent about it, newest
 * first, in one language. Every text is escaped and sent as content type="text" (never markup).
 */
import type { Locale, Multiloc } from '../../../core/i18n.js';
import { escapeXml as x } from '../../../core/xml.js';

export interface FeedEntry {
  id: number | string;
  event_id: number | string;
  title: unknown;
  content: unknown;
  link: string | null;
  created_at: Date;
}

const FEED_TITLE: Record<Locale, string> = { ro: '{city} — noutăți: {kind} {id}', en: '{city} — news: {kind} {id}', hu: '{city} — hírek: {kind} {id}' };

const pick = (v: unknown, l: Locale): string => {
  const m = (v ?? {}) as Partial<Multiloc>;
  return m[l] ?? m.ro ?? '';
};

export function atomFeed(f: { selfUrl: string; alternate: string | null; city: Multiloc; kind: string; id: string; locale: Locale; entries: FeedEntry[]; created: Date }): string {
  const updated = (f.entries[0]?.created_at ?? f.created).toISOString();
  const host = new URL(f.selfUrl).host;
  const title = FEED_TITLE[f.locale].replace('{city}', pick(f.city, f.locale)).replace('{kind}', f.kind).replace('{id}', f.id);
  const entries = f.entries.map(
    (e) => `  <entry>
    <id>tag:${x(host)},2026:${x(f.kind)}/${x(f.id)}/${e.event_id}</id>
    <title type="text">${x(pick(e.title, f.locale))}</title>
    <updated>${e.created_at.toISOString()}</updated>
${e.link ? `    <link rel="alternate" href="${x(e.link)}"/>\n` : ''}    <content type="text">${x(pick(e.content, f.locale))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.locale}">
  <id>${x(f.selfUrl)}</id>
  <title type="text">${x(title)}</title>
  <updated>${updated}</updated>
  <author><name>${x(pick(f.city, f.locale))}</name></author>
  <link rel="self" type="application/atom+xml" href="${x(f.selfUrl)}"/>
${f.alternate ? `  <link rel="alternate" type="text/html" href="${x(f.alternate)}"/>\n` : ''}${entries.join('\n')}
</feed>
`;
}
