/** How proposal titles are compared: the duplicate hints while typing and the stored normalised title. */

/** Lower case, without diacritics or punctuation: what similarity and search compare. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
const STOP = new Set(['de', 'si', 'la', 'in', 'cu', 'pe', 'pentru', 'din', 'un', 'o', 'the', 'a', 'of', 'and', 'to', 'for', 'es', 'az', 'a']);
const words = (s: string) => new Set(normalise(s).split(' ').filter((w) => w.length > 2 && !STOP.has(w)));

/** Jaccard similarity of the meaningful words of two titles (0–1). */
export function similarity(a: string, b: string): number {
  const A = words(a);
  const B = words(b);
  if (!A.size || !B.size) return 0;
  let inter = 0;
  for (const w of A) if (B.has(w)) inter++;
  return inter / (A.size + B.size - inter);
}
