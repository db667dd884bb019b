/**
 * Only a same-origin relative path is honoured as a post-login destination; anything
 * absolute, protocol-relative (//evil), backslashed (/\evil) or odd falls back to '/'.
 */
export function safeReturnTo(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  // Percent-encoded control characters (%0d%0a …) are never part of a page address.
  if (/%(?:[01][0-9a-f]|7f)/i.test(raw)) return fallback;
  const base = 'http://zizhi.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Never bounce back into the login machinery itself.
  if (/^\/(auth|idp)(\/|$)/.test(url.pathname)) return fallback;
  // Dot segments (also percent-encoded: /a/%2E%2E//evil) can resolve to a protocol-relative path.
  if (url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
