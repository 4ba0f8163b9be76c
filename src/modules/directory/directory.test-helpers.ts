/** Shared set-up for the directory's tests: the app with Timișoara's strategy, people with roles, an open action. */
import { crc32 } from 'node:zlib';
import { buildUser, createTestApp, importTimisoaraStrategy, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import type { TestEngine } from '../../../tests/helpers/env.js';

export const T = '/api/v1/tenants/timisoara';
export const VALID_CUI = '14756536'; // Primăria Municipiului Timișoara
export const INSIDE = { lat: 45.7537, lon: 21.2257 }; // Piața Victoriei
export const OUTSIDE = { lat: 45.65, lon: 21.5 };

export interface DirectoryFixture {
  t: TestApp;
  staff: TestUser;
  ana: TestUser;
  ion: TestUser;
  maria: TestUser;
}

export async function directoryFixture(engine: TestEngine): Promise<DirectoryFixture> {
  const t = await createTestApp(engine);
  await importTimisoaraStrategy(t);
  const staff = await buildUser(t, { timisoara: ['staff'] }, { displayName: 'Staff Person' });
  const ana = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana Popescu' });
  const ion = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion Ionescu' });
  const maria = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Maria Kovács' });
  return { t, staff, ana, ion, maria };
}

/** Everything a public reader gets back, as one string, to prove no e-mail address leaks. */
export const noEmails = (body: string, users: TestUser[]) => users.every((u) => !body.includes(u.email));

/** A ZIP header record of `size` bytes: each field is [value, offset, width in bytes], little-endian; the rest stays zero. */
function zipRecord(size: number, fields: [value: number, offset: number, width: 2 | 4][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [value, offset, width] of fields) {
    if (width === 2) b.writeUInt16LE(value, offset);
    else b.writeUInt32LE(value, offset);
  }
  return b;
}

/**
 * A real OpenDocument text (what LibreOffice writes, minus styles): a ZIP whose first entry is the stored
 * `mimetype`, then the manifest and the content, with its central directory — built here so tests need no
 * office suite.
 */
export function odtFile(text: string, mimetype = 'application/vnd.oasis.opendocument.text'): Buffer {
  const files: [string, Buffer][] = [
    ['mimetype', Buffer.from(mimetype)],
    ['META-INF/manifest.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`)],
    ['content.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>${text}</text:p></office:text></office:body></office:document-content>`)],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    // Signature, version needed (and made by), CRC-32, sizes, name length; the central entry adds the local offset.
    const local = zipRecord(30, [[0x04034b50, 0, 4], [20, 4, 2], [crc, 14, 4], [data.length, 18, 4], [data.length, 22, 4], [n.length, 26, 2]]);
    const central = zipRecord(46, [[0x02014b50, 0, 4], [20, 4, 2], [20, 6, 2], [crc, 16, 4], [data.length, 20, 4], [data.length, 24, 4], [n.length, 28, 2], [offset, 42, 4]]);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = zipRecord(22, [[0x06054b50, 0, 4], [files.length, 8, 2], [files.length, 10, 2], [cd.length, 12, 4], [offset, 16, 4]]);
  return Buffer.concat([...locals, cd, end]);
}

/** A small, complete PDF with one page of text. */
export function pdfFile(text: string): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'];
  const stream = `BT /F1 18 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A multipart/form-data body with one file part. */
export function multipartFile(field: string, fileName: string, data: Buffer, type = 'application/octet-stream') {
  const b = `----urbia${Math.random().toString(16).slice(2)}`;
  return { payload: Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}
