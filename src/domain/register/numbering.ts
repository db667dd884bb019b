import type { CertificateNumbering } from './types.ts';

/**
 * One check digit over the digits before it: ISO 7064 MOD 11,10 (a pure-digit system that catches
 * every single-digit error and most transpositions). The national scheme's own check algorithm is
 * not known here (REFERENCE §6.1 [M]); this is our inference, kept in one place.
 */
export function mod11_10(digits: string): string {
  let p = 10;
  for (const ch of digits) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return String((11 - p) % 10);
}

/** The certificate number of `serial` in `year` as the item's template lays it out. */
export function formatCertificateNumber(numbering: CertificateNumbering, year: number, serial: number): string {
  let out = '';
  const re = /\{(year2|serial:(\d+)|check)\}|([^{]+)/g;
  for (const m of numbering.template.matchAll(re)) {
    if (m[3] !== undefined) out += m[3];
    else if (m[1] === 'year2') out += String(year % 100).padStart(2, '0');
    else if (m[1] === 'check') out += mod11_10(out.replace(/\D/g, ''));
    else out += String(serial).padStart(Number(m[2]), '0');
  }
  return out;
}
