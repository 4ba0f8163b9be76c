/**
 * Diacritics-insensitive search without extensions (no unaccent): text is normalised in TypeScript into the
 * `search` column, and the query words are normalised the same way. "timisoara" finds "Timișoara",
 * "participativa" finds "participativă" (ș, ş, ț, ţ, ă, â, î decompose under NFD).
 */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9./\s-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Query words, normalised; LIKE wildcards in them are escaped by the caller's pattern builder. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return normalizeSearch(q)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/** A LIKE pattern matching `word` anywhere (escaping %, _ and \). */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
