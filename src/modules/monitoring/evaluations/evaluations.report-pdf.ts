/**
 * The PDF report, drawn with pdfkit (pure JavaScript: nothing to install, nothing downloaded at run time):
 * a **tagged** PDF (a structure tree: Document → cover, TOC, one Sect per section with H1/H2/P, tables as
 * Table/TR/TH/TD, each chart a Figure with its text alternative; rules, fills and footers marked as
 * artifacts; the document language and title set, the title shown in the viewer's title bar), A4, a cover page, a table of contents with page numbers and links, bookmarks, page numbers in the
 * footer, tables, and each chart as vector paths (lines, dashes, circles) followed by its data table. The
 * text is set in DejaVu Sans, embedded (subset) from the @fontsource/dejavu-sans package, so Romanian
 * diacritics (ș ț ă â î) and Hungarian ő ű are real text: selectable and found by `pdftotext`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { chartGeometry } from './evaluations.report-chart.js';
import type { Block, ChartBlock, ReportDoc, TableBlock } from './evaluations.report-doc.js';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/**
 * The two faces, read once from the npm package. The package ships WOFF (zlib-compressed tables); fontkit
 * reads WOFF directly but about ten times slower than a plain TrueType file, so the tables are unpacked
 * once into a TrueType (sfnt) buffer. pdfkit embeds a subset of it in each PDF.
 */
function loadFonts() {
  fonts ??= {
    regular: woffToSfnt(readFileSync(require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff'))),
    bold: woffToSfnt(readFileSync(require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff'))),
  };
  return fonts;
}

/** WOFF 1.0 → sfnt (TrueType/OpenType): the same tables, inflated, behind an sfnt table directory. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.readUInt32BE(e), checksum: woff.readUInt32BE(e + 16), data: compLength < origLength ? inflateSync(raw) : raw });
  }
  const pow2 = 2 ** Math.floor(Math.log2(numTables));
  const head = Buffer.alloc(12 + 16 * numTables);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(pow2 * 16, 6);
  head.writeUInt16BE(Math.log2(pow2), 8);
  head.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    head.writeUInt32BE(t.tag, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

const INK = '#1a1a1a';
const MUTED = '#4a4a4a';
const LINE = '#b4b4b4';
const ACCENT = '#0b4f8a';
const TARGET = '#8a4b00';
const HEAD_FILL = '#eef3f8';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** Draws decoration (fills, rules, borders, footers) outside the structure tree: an artifact, skipped by screen readers. */
function artifact(doc: Doc, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Text options that tag the text as a `type` element under `parent` (pdfkit opens the marked content on the first line). */
const tag = (parent: Struct, type: string) => ({ structParent: parent, structType: type }) as PDFKit.Mixins.TextOptions;

/** Renders the report; resolves with the PDF bytes. */
export async function renderReportPdf(report: ReportDoc, opts: { generatedAt: string }): Promise<Buffer> {
  // pdfkit loads with the first PDF asked for, not with the server (about 25 MB resident that most processes never use)
  const { default: PDFDocument } = await import('pdfkit');
  const f = loadFonts();
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    autoFirstPage: false,
    lang: report.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    tagged: true,
    info: { Title: report.title, Author: report.city, Subject: report.subtitle, Creator: 'Urbia', Producer: 'Urbia (pdfkit)', CreationDate: new Date(opts.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('Body', f.regular);
  doc.registerFont('Bold', f.bold);
  const root = doc.struct('Document');
  doc.addStructure(root);

  const left = 56;
  const width = 595.28 - 56 - 56;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  // Cover page.
  doc.addPage();
  const cover = doc.struct('Sect');
  root.add(cover);
  artifact(doc, () => doc.rect(0, 0, doc.page.width, 12).fill(ACCENT));
  doc.fillColor(MUTED).font('Body').fontSize(14).text(report.city, left, 150, { width, ...tag(cover, 'P') });
  doc.moveDown(0.5).fillColor(INK).font('Bold').fontSize(26).text(report.title, { width, ...tag(cover, 'H1') });
  doc.moveDown(0.5).fillColor(MUTED).font('Body').fontSize(14).text(report.subtitle, { width, ...tag(cover, 'P') });
  doc.moveDown(1.5).fontSize(11).fillColor(INK);
  for (const m of report.meta) doc.text(m, { width, ...tag(cover, 'P') }).moveDown(0.3);
  for (const n of report.notes) doc.moveDown(0.5).fillColor(TARGET).font('Bold').text(n, { width, ...tag(cover, 'P') }).font('Body').fillColor(INK);

  // The table of contents is written on page 2 once the sections' pages are known (its element is placed
  // here, so the structure keeps the reading order: cover, contents, sections).
  doc.addPage();
  const tocPage = doc.bufferedPageRange().count - 1;
  const toc = doc.struct('Sect');
  root.add(toc);

  const sectionPages: { id: string; title: string; page: number }[] = [];
  for (const s of report.sections) {
    doc.addPage();
    const page = doc.bufferedPageRange().count - 1;
    sectionPages.push({ id: s.id, title: s.title, page });
    doc.addNamedDestination(s.id);
    doc.outline.addItem(s.title);
    const sect = doc.struct('Sect');
    root.add(sect);
    doc.fillColor(ACCENT).font('Bold').fontSize(18).text(s.title, left, doc.page.margins.top, { width, ...tag(sect, 'H1') });
    artifact(doc, () => doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).lineWidth(1).strokeColor(ACCENT).stroke());
    doc.moveDown(0.8).fillColor(INK);
    for (const b of s.blocks) block(doc, sect, b, left, width, ensure);
    sect.end();
  }

  doc.switchToPage(tocPage);
  doc.fillColor(ACCENT).font('Bold').fontSize(18).text(report.labels.contents, left, doc.page.margins.top, { width, ...tag(toc, 'H1') });
  doc.moveDown(0.8).font('Body').fontSize(12).fillColor(INK);
  const tocList = doc.struct('TOC');
  toc.add(tocList);
  for (const s of sectionPages) {
    const y = doc.y;
    const item = doc.struct('TOCI');
    tocList.add(item);
    doc.text(s.title, left, y, { width: width - 50, goTo: s.id, ...tag(item, 'Reference') });
    doc.text(String(s.page + 1), left + width - 50, y, { width: 50, align: 'right', goTo: s.id, ...tag(item, 'Reference') });
    item.end();
    doc.moveDown(0.4);
  }
  tocList.end();
  toc.end();

  // Page numbers (not on the cover). Writing in the bottom margin must not start a new page.
  const total = doc.bufferedPageRange().count;
  for (let i = 1; i < total; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(doc, () => doc.font('Body').fontSize(9).fillColor(MUTED).text(`${report.city} — ${report.labels.page(i + 1, total)}`, left, doc.page.height - 40, { width, align: 'center', lineBreak: false }), 'Pagination');
    doc.page.margins.bottom = margin;
  }
  cover.end();
  root.end();
  doc.end();
  return done;
}

function block(doc: Doc, sect: Struct, b: Block, left: number, width: number, ensure: (h: number) => void) {
  switch (b.t) {
    case 'p':
      doc.font('Body').fontSize(10).fillColor(INK);
      ensure(doc.heightOfString(b.text, { width }) > 200 ? 30 : doc.heightOfString(b.text, { width }));
      doc.text(b.text, left, doc.y, { width, ...tag(sect, 'P') }).moveDown(0.5);
      return;
    case 'note':
      doc.font('Bold').fontSize(10);
      ensure(doc.heightOfString(b.text, { width }) + 8);
      doc.fillColor(TARGET).text(b.text, left, doc.y, { width, ...tag(sect, 'P') }).fillColor(INK).moveDown(0.5);
      return;
    case 'h3':
      doc.font('Bold').fontSize(12);
      ensure(doc.heightOfString(b.text, { width }) + 40);
      doc.fillColor(INK).text(b.text, left, doc.y + 4, { width, ...tag(sect, 'H2') }).moveDown(0.3);
      return;
    case 'table':
      table(doc, sect, b, left, width, ensure);
      return;
    case 'chart':
      chart(doc, sect, b, left, width, ensure);
      return;
  }
}

function table(doc: Doc, sect: Struct, b: TableBlock, left: number, width: number, ensure: (h: number) => void) {
  const pad = 3;
  const size = 8.5;
  const sum = b.widths.reduce((a, w) => a + w, 0);
  const cols = b.widths.map((w) => (w / sum) * width);
  const hasHead = b.head.some(Boolean);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]! - 2 * pad }))) + 2 * pad;
  };
  const tbl = doc.struct('Table');
  sect.add(tbl);
  // A header row repeated on a new page is drawn again but tagged once: the repeat is an artifact.
  const drawRow = (cells: string[], head: boolean, repeat = false) => {
    const font = head ? 'Bold' : 'Body';
    const h = rowHeight(cells, font);
    const y = doc.y;
    const tr = repeat ? null : doc.struct('TR');
    if (tr) tbl.add(tr);
    let x = left;
    cells.forEach((c, i) => {
      const cx = x;
      artifact(doc, () => {
        if (head) doc.rect(cx, y, cols[i]!, h).fill(HEAD_FILL);
        doc.rect(cx, y, cols[i]!, h).lineWidth(0.5).strokeColor(LINE).stroke();
      });
      const opts = { width: cols[i]! - 2 * pad, align: !head && b.numeric[i] ? ('right' as const) : ('left' as const) };
      doc.font(font).fontSize(size).fillColor(INK);
      if (tr) {
        const cell = doc.struct(head ? 'TH' : 'TD', (head ? { scope: 'Column' } : {}) as Parameters<Doc['struct']>[1]);
        tr.add(cell);
        doc.text(c, x + pad, y + pad, { ...opts, ...tag(cell, 'P') });
        cell.end();
      } else artifact(doc, () => doc.text(c, cx + pad, y + pad, opts));
      x += cols[i]!;
    });
    tr?.end();
    doc.x = left;
    doc.y = y + h;
  };
  doc.font('Bold').fontSize(10);
  ensure(doc.heightOfString(b.caption, { width }) + (hasHead ? rowHeight(b.head, 'Bold') : 0) + (b.rows[0] ? rowHeight(b.rows[0], 'Body') : 0) + 6);
  doc.font('Bold').fontSize(10).fillColor(INK).text(b.caption, left, doc.y, { width, ...tag(tbl, 'Caption') }).moveDown(0.2);
  if (hasHead) drawRow(b.head, true);
  for (const r of b.rows) {
    const h = rowHeight(r, 'Body');
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (hasHead) drawRow(b.head, true, true);
    }
    drawRow(r, false);
  }
  tbl.end();
  doc.moveDown(0.8);
}

/** A chart drawn as vector graphics (paths, not an image), then its data as a table. */
function chart(doc: Doc, sect: Struct, c: ChartBlock, left: number, width: number, ensure: (h: number) => void) {
  const g = chartGeometry(c, width, 190);
  ensure(g.height + 40);
  doc.font('Bold').fontSize(10).fillColor(INK).text(c.title, left, doc.y, { width, ...tag(sect, 'P') }).moveDown(0.2);
  const ox = left;
  const oy = doc.y;
  // The chart is one Figure with its text alternative; its data follow as a table.
  const figure = doc.struct('Figure', { alt: c.alt });
  sect.add(figure);
  const mark = doc.markStructureContent('Figure');
  figure.add(mark);
  doc.save();
  doc.font('Body').fontSize(7.5);
  for (const t of g.yTicks) {
    doc.moveTo(ox + g.plot.x, oy + t.y).lineTo(ox + g.plot.x + g.plot.w, oy + t.y).lineWidth(0.4).strokeColor('#d9d9d9').stroke();
    doc.fillColor(MUTED).text(t.label, ox, oy + t.y - 4, { width: g.plot.x - 6, align: 'right', lineBreak: false });
  }
  for (const l of g.lines) {
    const color = l.kind === 'target' ? TARGET : MUTED;
    doc.moveTo(ox + g.plot.x, oy + l.y).lineTo(ox + g.plot.x + g.plot.w, oy + l.y).lineWidth(1).dash(5, { space: 3 }).strokeColor(color).stroke().undash();
    doc.fillColor(color).text(l.label, ox + g.plot.x + g.plot.w + 5, oy + l.y - 4, { width: 80, lineBreak: false });
  }
  const [first, ...rest] = g.points;
  if (first) {
    doc.moveTo(ox + first.x, oy + first.y);
    for (const p of rest) doc.lineTo(ox + p.x, oy + p.y);
    doc.lineWidth(2).strokeColor(ACCENT).stroke();
    for (const p of g.points) doc.circle(ox + p.x, oy + p.y, 2.5).fill(ACCENT);
  }
  for (const l of g.xLabels) {
    const w = 120;
    doc.fillColor(MUTED).text(l.label, l.anchor === 'start' ? ox + l.x : ox + l.x - w, oy + g.height - 14, { width: w, align: l.anchor === 'start' ? 'left' : 'right', lineBreak: false });
  }
  doc.restore();
  doc.endMarkedContent();
  figure.end();
  doc.x = left;
  doc.y = oy + g.height + 6;
  const rows = [...c.points.map((p) => [p.label, c.fmt(p.value)]), ...(c.baseline !== null ? [[c.labels.baseline, c.fmt(c.baseline)]] : []), ...(c.target !== null ? [[c.labels.target, c.fmt(c.target)]] : [])];
  table(doc, sect, { t: 'table', caption: `${c.title} — ${c.labels.value}`, head: [c.labels.date, c.labels.value], rows, numeric: [false, true], widths: [2, 1] }, left, width * 0.6, ensure);
}
