/**
 * The accessible HTML report: one self-contained page (no script, no external resource), landmarks and a
 * table of contents, tables with captions and header cells, each chart an inline SVG with a text
 * alternative followed by its data table. Every text is escaped: nothing from the data becomes markup.
 */
import { chartGeometry } from './evaluations.report-chart.js';
import type { Block, ChartBlock, ReportDoc, TableBlock } from './evaluations.report-doc.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);
const r1 = (v: number) => Math.round(v * 10) / 10;

const CSS = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--accent:#0b4f8a;--target:#8a4b00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header,main,nav,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem;border-bottom:2px solid var(--accent)}
h1{font-size:1.7rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
.city{font-size:1.1rem;color:var(--muted);margin:0}
.meta{margin:.25rem 0;color:var(--muted)}
.note{border-left:4px solid var(--target);padding:.5rem .75rem;background:#fff6ea;margin:.75rem 0}
.table-wrap{overflow-x:auto;margin:.75rem 0}
.table-wrap:focus{outline:2px solid var(--accent);outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#eef3f8}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1rem 0}
figure svg{width:100%;height:auto;max-width:40rem;display:block}
figcaption{font-weight:600}
details{margin:.25rem 0 1rem}
@media print{.skip,nav{display:none}}
`;

function table(b: TableBlock, headerRow = true): string {
  const head = headerRow && b.head.some(Boolean) ? `<thead><tr>${b.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>` : '';
  const rows = b.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 && !head ? `<th scope="row">${esc(c)}</th>` : `<td${b.numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`)).join('')}</tr>`)
    .join('');
  // A wide table scrolls sideways on a phone: the scrolling region takes keyboard focus and has a name.
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${esc(b.caption)}"><table><caption>${esc(b.caption)}</caption>${head}<tbody>${rows}</tbody></table></div>`;
}

/** A chart as inline SVG (decorative parts hidden from assistive technology; the figure has a text alternative). */
export function chartSvg(c: ChartBlock): string {
  const g = chartGeometry(c, 640, 260);
  const parts: string[] = [];
  for (const t of g.yTicks) parts.push(`<line x1="${g.plot.x}" x2="${g.plot.x + g.plot.w}" y1="${r1(t.y)}" y2="${r1(t.y)}" stroke="#d9d9d9"/><text x="${g.plot.x - 6}" y="${r1(t.y + 4)}" text-anchor="end" font-size="11" fill="#333">${esc(t.label)}</text>`);
  for (const l of g.lines) {
    const color = l.kind === 'target' ? '#8a4b00' : '#555';
    parts.push(`<line x1="${g.plot.x}" x2="${g.plot.x + g.plot.w}" y1="${r1(l.y)}" y2="${r1(l.y)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${g.plot.x + g.plot.w + 6}" y="${r1(l.y + 4)}" font-size="11" fill="${color}">${esc(l.label)}</text>`);
  }
  parts.push(`<polyline fill="none" stroke="#0b4f8a" stroke-width="2.5" points="${g.points.map((p) => `${r1(p.x)},${r1(p.y)}`).join(' ')}"/>`);
  for (const p of g.points) parts.push(`<circle cx="${r1(p.x)}" cy="${r1(p.y)}" r="3.5" fill="#0b4f8a"/>`);
  for (const l of g.xLabels) parts.push(`<text x="${r1(l.x)}" y="${g.height - 8}" text-anchor="${l.anchor}" font-size="11" fill="#333">${esc(l.label)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-labelledby="${c.id}-desc"><title id="${c.id}-desc">${esc(c.alt)}</title><g aria-hidden="true">${parts.join('')}</g></svg>`;
}

function chart(c: ChartBlock): string {
  const data: TableBlock = {
    t: 'table',
    caption: c.labels.value,
    head: [c.labels.date, c.labels.value],
    rows: [...c.points.map((p) => [p.label, c.fmt(p.value)]), ...(c.baseline !== null ? [[c.labels.baseline, c.fmt(c.baseline)]] : []), ...(c.target !== null ? [[c.labels.target, c.fmt(c.target)]] : [])],
    numeric: [false, true],
    widths: [1, 1],
  };
  return `<figure aria-labelledby="${c.id}-cap"><figcaption id="${c.id}-cap">${esc(c.title)}</figcaption>${chartSvg(c)}${table({ ...data, caption: `${c.title} — ${c.labels.value}` })}</figure>`;
}

function block(b: Block): string {
  switch (b.t) {
    case 'p':
      return `<p>${esc(b.text)}</p>`;
    case 'note':
      return `<p class="note">${esc(b.text)}</p>`;
    case 'h3':
      return `<h3>${esc(b.text)}</h3>`;
    case 'table':
      return table(b, b.head.some(Boolean));
    case 'chart':
      return chart(b);
  }
}

/** The whole report as an HTML page. */
export function renderReportHtml(doc: ReportDoc): string {
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  const body = doc.sections.map((s) => `<section aria-labelledby="h-${s.id}"><h2 id="h-${s.id}">${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#content">${esc(doc.labels.skip)}</a>
<header>
<p class="city">${esc(doc.city)}</p>
<h1>${esc(doc.title)}</h1>
<p class="meta">${esc(doc.subtitle)}</p>
${doc.meta.map((m) => `<p class="meta">${esc(m)}</p>`).join('\n')}
${doc.notes.map((m) => `<p class="note">${esc(m)}</p>`).join('\n')}
</header>
<nav aria-label="${esc(doc.labels.contents)}"><h2>${esc(doc.labels.contents)}</h2><ol>${toc}</ol></nav>
<main id="content">
${body}
</main>
</body>
</html>
`;
}
