/**
 * Finding a case or a notice by a fragment of its number, name or 统一社会信用代码. The database
 * keeps each row's distinct lower-cased character pairs under an index (text_bigrams(), migration
 * 2026-12-07T00); a fragment matches where all its pairs are present and the text holds it.
 */

/** A single character would match nearly everything, and no pair index can serve it. */
export const SEARCH_MIN_CHARS = 2;

/** The distinct lower-cased pairs of adjacent characters (code points), as text_bigrams() makes them. */
export function bigramsOf(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  return [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
}

/**
 * 申报编号 (e.g. KC2026000017) and 统一社会信用代码 are ASCII letters and digits only: a fragment
 * holding anything else (a Chinese character, a space, a bracket) can only be part of a name.
 */
export function canOnlyBeName(fragment: string): boolean {
  return /[^0-9a-z]/i.test(fragment);
}
