export function toHalfWidth(input: string): string {
  return input.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

/** Trim, half-width, drop spaces and hyphens, upper-case: the code normal form. */
export function normalizeCode(input: string): string {
  return toHalfWidth(input).replace(SEPARATORS, '').toUpperCase();
}

export function listInvalidChars(value: string, allowed: string): string {
  const bad = [...new Set([...value].filter((ch) => !allowed.includes(ch)))];
  return bad.join('、');
}
