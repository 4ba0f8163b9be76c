/**
 * A small XML writer for Open311: fixed element names, text escaped, arrays as repeated child elements.
 * (Open311 XML is schemaless and has no namespace; this is all it needs.)
 */
import { escapeXml } from '../../../core/xml.js';

export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

export { escapeXml };

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
