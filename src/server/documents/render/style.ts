/** Units, colours and text styles shared by the drawing modules. */

/** Points per millimetre: pdfkit measures in points (1/72 in). */
export const MM = 72 / 25.4;
/** ISO 216 A4 in points: its short and its long side. */
export const A4 = { short: 595.28, long: 841.89 } as const;
export const RED = '#c00000';
export const SEAL_RED = '#d7000f';
export const INK = '#000000';
export const GREY = '#444444';
export const CERTIFICATE_RED = '#8a1c1c';

/** Names under which the two fonts are registered with pdfkit (fonts.ts). */
export const REGULAR = 'NotoSerifSC-Regular';
export const BOLD = 'NotoSerifSC-Bold';
export type FontName = typeof REGULAR | typeof BOLD;

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
}
