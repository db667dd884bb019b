import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The documents' two fonts: ~15 MB each, read and parsed once per process. pdfkit accepts parsed fontkit fonts
 * (since 0.20.0: "Accept already-parsed fontkit Font instances") and embeds per document only
 * the glyphs used; parsing per document would cost most of the render time.
 */

/**
 * Noto Serif SC 400 and 700, kept in the repository (fonts/README.md): the npm packages either
 * bring all eight weights (115 MB) or only unicode-range slices for browsers.
 */
export const FONT_FILES = {
  regular: new URL('./fonts/NotoSerifSC-Regular.ttf', import.meta.url),
  bold: new URL('./fonts/NotoSerifSC-Bold.ttf', import.meta.url),
};

/** The parts of a fontkit font used here: pdfkit's own needs plus glyph outlines for the seal. */
export interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): unknown;
  glyphForCodePoint(codePoint: number): { advanceWidth: number; path: { toSVG(): string } };
}

export interface Fonts {
  regular: FontkitFont;
  bold: FontkitFont;
}
let fonts: Promise<Fonts> | undefined;

/** The two fonts, parsed on first use; a failed load is retried on the next call. */
export function loadFonts(): Promise<Fonts> {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    // fontkit is pdfkit's dependency: resolve it from pdfkit so it is the version pdfkit expects.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): FontkitFont };
    fonts = Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)]).then(([regular, bold]) => ({ regular: fontkit.create(regular), bold: fontkit.create(bold) }));
    fonts.catch(() => (fonts = undefined));
  }
  return fonts;
}
