import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PDFContext, PDFString } from 'pdf-lib';
import type { PDFDict } from 'pdf-lib';
import { createPdfInspector } from './pdf-inspect.ts';
import type { PdfInspector } from './pdf-inspect.ts';
import { inspectPdfBytes, inspectPdfFile } from './pdf-inspect.core.ts';
import { openWithEmptyPassword } from './pdf-inspect.crypt.ts';
import { ACTIVE_CONTENT_LABELS, PDF_MESSAGES } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

/**
 * Real documents must pass (issue 14, point 10): PDFs made by the tools applicants use, and
 * owner-password-only files from five encryption variants. The tables in the corpus README
 * say what each file is and the verdict it must get.
 */
const REAL_DIR = fileURLToPath(new URL('../../../test/fixtures/pdf-real/', import.meta.url));

interface Row {
  file: string;
  expect: { ok: true; pages: number } | { ok: false; code: string; finding?: string };
}

async function readTables(): Promise<Row[]> {
  const readme = await readFile(path.join(REAL_DIR, 'README.md'), 'utf8');
  const rows: Row[] = [];
  for (const [, file, verdict] of readme.matchAll(/^\| `([^`]+\.pdf)` \| ([^|]+) \|/gm)) {
    const v = verdict!.trim();
    if (/^\d+$/.test(v)) rows.push({ file: file!, expect: { ok: true, pages: Number(v) } });
    else {
      const [, code, finding] = /^(\w+)(?: \(([\w-]+)\))?$/.exec(v) ?? [];
      assert.ok(code, `README row ${file}: unreadable verdict "${v}"`);
      rows.push({ file: file!, expect: finding ? { ok: false, code, finding } : { ok: false, code } });
    }
  }
  return rows;
}

function assertVerdict(row: Row, verdict: PdfVerdict): void {
  if (row.expect.ok) {
    assert.deepEqual(verdict, { ok: true, pages: row.expect.pages }, `${row.file}: ${JSON.stringify(verdict)}`);
    return;
  }
  assert.ok(!verdict.ok, `${row.file} must be refused`);
  assert.equal(verdict.code, row.expect.code, `${row.file}: ${JSON.stringify(verdict)}`);
  if (row.expect.finding) assert.match(verdict.message, new RegExp(ACTIVE_CONTENT_LABELS[row.expect.finding as keyof typeof ACTIVE_CONTENT_LABELS].replace(/[()（）/]/g, '.')), row.file);
  else assert.equal(verdict.message, PDF_MESSAGES[row.expect.code as keyof typeof PDF_MESSAGES], row.file);
}

let rows: Row[];
before(async () => {
  rows = await readTables();
});

describe('the real-document corpus (test/fixtures/pdf-real)', () => {
  test('every file is in the README tables, and the corpus stays small', async () => {
    const onDisk = [
      ...(await readdir(REAL_DIR)).filter((n) => n.endsWith('.pdf')),
      ...(await readdir(path.join(REAL_DIR, 'refused'))).filter((n) => n.endsWith('.pdf')).map((n) => `refused/${n}`),
    ].sort();
    assert.deepEqual(onDisk, rows.map((r) => r.file).sort());
    assert.ok(rows.filter((r) => r.expect.ok).length >= 30, 'at least 30 accepted real documents');
    let total = 0;
    for (const f of onDisk) total += (await stat(path.join(REAL_DIR, f))).size;
    assert.ok(total < 5 * 1024 * 1024, `corpus is ${(total / 1024 / 1024).toFixed(1)} MB`);
  });

  describe('through the worker pool, as uploads are inspected', () => {
    let inspector: PdfInspector;
    before(async () => {
      inspector = createPdfInspector({ concurrency: 2, maxQueued: Infinity }); // the whole corpus at once: no queue bound
      await inspector.warmUp();
    });
    after(() => inspector.close());

    test('every accepted file passes with its page count; every refused one gets its verdict', async () => {
      const verdicts = await Promise.all(rows.map((r) => inspector.inspect(path.join(REAL_DIR, r.file))));
      const failures: string[] = [];
      for (const [i, row] of rows.entries()) {
        try {
          assertVerdict(row, verdicts[i]!);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      assert.deepEqual(failures, []);
      assert.equal(inspector.stats().timeouts, 0);
    });
  });

  test('from disk and from memory: the same verdict and the same inflated byte count', async () => {
    for (const row of rows) {
      const file = path.join(REAL_DIR, row.file);
      let fromDisk: number | undefined;
      let inMemory: number | undefined;
      const a = await inspectPdfFile(file, { keepStreamBytes: 0, onInflated: (s) => (fromDisk = s.bytes) });
      const b = await inspectPdfBytes(await readFile(file), { onInflated: (s) => (inMemory = s.bytes) });
      assert.deepEqual(a, b, row.file);
      assert.equal(fromDisk, inMemory, row.file);
      if (row.expect.ok) assert.ok(fromDisk! > 0, `${row.file}: streams were counted`);
    }
  });

  test('owner-password files decode like their unencrypted originals (the key is right)', async () => {
    const inflated = async (name: string) => {
      let bytes = 0;
      await inspectPdfFile(path.join(REAL_DIR, name), { onInflated: (s) => (bytes = s.bytes) });
      return bytes;
    };
    const plain = await inflated('libreoffice-writer-docx.pdf');
    // Flate over a wrong key's output yields next to nothing; the right key gives the original's size.
    for (const name of ['qpdf-owner-rc4-40.pdf', 'qpdf-owner-rc4-128.pdf', 'qpdf-owner-rc4-128-v4.pdf', 'qpdf-owner-aes-256.pdf', 'qpdf-owner-aes-256-r5.pdf']) {
      const n = await inflated(name);
      assert.ok(Math.abs(n - plain) < plain * 0.02, `${name}: ${n} bytes decoded, the original ${plain}`);
    }
  });
});

describe('the standard security handler', () => {
  const context = PDFContext.create();
  const dict = (entries: Record<string, string | number | PDFString>) => context.obj(entries) as PDFDict;

  test('other handlers, unknown versions and incomplete dictionaries are not opened', () => {
    assert.deepEqual(openWithEmptyPassword(dict({ Filter: 'Adobe.PubSec', V: 4, R: 4 }), undefined), { ok: false, reason: '加密方式 /Adobe.PubSec 需要证书或专用软件' });
    const o = PDFString.of('x'.repeat(32));
    assert.deepEqual(openWithEmptyPassword(dict({ Filter: 'Standard', V: 3, R: 3, O: o, U: o, P: -4 }), undefined), { ok: false, reason: '不支持的加密版本 V3' });
    assert.deepEqual(openWithEmptyPassword(dict({ Filter: 'Standard', V: 2, R: 3 }), undefined), { ok: false, reason: '加密字典不完整' });
    assert.deepEqual(openWithEmptyPassword(dict({ Filter: 'Standard', V: 2, R: 3, Length: 128, O: o, U: o, P: -4 }), new Uint8Array(16)), { ok: false, reason: '打开文件需要密码' });
  });
});
