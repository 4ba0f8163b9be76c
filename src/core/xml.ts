/** Text for XML 1.0 (Open311, Atom): characters XML cannot carry dropped, the five specials escaped. */
export function escapeXml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
