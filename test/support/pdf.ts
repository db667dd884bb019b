import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** poppler-utils (pdftotext, pdftoppm) from Debian; .ci/run installs them and CI must have them. */
export function popplerMissing(): string | undefined {
  const ok = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;
  if (ok) return undefined;
  assert.notEqual(process.env.CI, 'true', 'poppler-utils (pdftotext, pdftoppm) are required under CI=true');
  return 'poppler-utils not installed (apt-get install poppler-utils)';
}

/** The text of a PDF as pdftotext reads it (Chinese included). */
export function pdfText(bytes: Buffer): string {
  const out = spawnSync('pdftotext', ['-layout', '-', '-'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(out.status, 0, `pdftotext failed: ${out.stderr}`);
  return out.stdout.toString('utf8');
}

/** Every page rendered to PNG at 150 dpi; kept under test-artifacts/documents/<keepAs>-p<N>.png when asked. */
export function pdfPagesPng(bytes: Buffer, keepAs?: string): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-pdf-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), bytes);
    const out = spawnSync('pdftoppm', ['-r', '150', '-png', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    assert.equal(out.status, 0, `pdftoppm failed: ${out.stderr}`);
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)));
    if (keepAs) {
      const target = path.resolve('test-artifacts/documents');
      mkdirSync(target, { recursive: true });
      // Pages of an earlier, longer render would stay and mislead whoever looks.
      const earlier = (f: string) => f.startsWith(`${keepAs}-p`) && /^\d+\.png$/.test(f.slice(keepAs.length + 2));
      for (const f of readdirSync(target).filter(earlier)) rmSync(path.join(target, f));
      pages.forEach((png, i) => writeFileSync(path.join(target, `${keepAs}-p${i + 1}.png`), png));
    }
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the first QR code found on the document's pages, or undefined. */
export function pdfQrText(bytes: Buffer, keepAs?: string): string | undefined {
  for (const page of pdfPagesPng(bytes, keepAs)) {
    const png = PNG.sync.read(page);
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    if (found) return found.data;
  }
  return undefined;
}
