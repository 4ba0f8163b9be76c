/**
 * A small XML writer for Open311: fixed element names, text escaped, arrays as repeated child elements.
 * (Open311 XML is schemaless and has no namespace; this is all it needs.)
 */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** Child element names for arrays: <attributes><attribute>…, <values><value>…, <formats><format>… */
const SINGULAR: Record<string, string> = { attributes: 'attribute', values: 'value', formats: 'format', endpoints: 'endpoint', groups: 'group', media_urls: 'media_url', notes: 'note' };

function element(name: string, v: XmlValue): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => element(SINGULAR[name] ?? 'item', x)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => element(k, x)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(v))}</${name}>`;
}

/** A document whose root holds repeated items: <services><service>…</service></services>. */
export function xmlList(root: string, item: string, items: XmlObject[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${items.map((i) => element(item, i)).join('')}</${root}>\n`;
}

/** A document with one object as its root: <service_definition>…</service_definition>. */
export function xmlObject(root: string, obj: XmlObject): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, obj)}\n`;
}
