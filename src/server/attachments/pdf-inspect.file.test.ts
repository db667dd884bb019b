import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_DIR } from '../../../scripts/make-pdf-fixtures.ts';
import { inspectPdfBytes, inspectPdfFile } from './pdf-inspect.core.ts';
import { PdfFile } from './pdf-inspect.file.ts';

const MB = 1024 * 1024;
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zizhi-pdf-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface BigPdf {
  /** Bytes of zeros in the page image. */
  imageBytes: number;
  /** How the image stream states its length. */
  length: 'direct' | 'indirect' | 'wrong';
  /** Put a JavaScript /OpenAction after the image. */
  script?: boolean;
  /** Bytes of non-blank data appended after %%EOF. */
  appended?: number;
}

/**
 * A one-page PDF around a large uncompressed image, written in 1 MB steps (the test never holds
 * the file in memory either). Objects after the image are what a lazy check would miss.
 */
async function writeBigPdf(name: string, spec: BigPdf): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  const write = (text: string | Uint8Array) => handle.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  try {
    await write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    await write(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R${spec.script ? ' /OpenAction 6 0 R' : ''} >>\nendobj\n`);
    await write('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
    await write('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> >>\nendobj\n');
    const side = Math.floor(Math.sqrt(spec.imageBytes));
    const length = spec.length === 'direct' ? String(spec.imageBytes) : spec.length === 'wrong' ? String(spec.imageBytes - 12345) : '5 0 R';
    await write(`4 0 obj\n<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${length} >>\nstream\n`);
    const zeros = new Uint8Array(MB);
    for (let left = spec.imageBytes; left > 0; left -= MB) await write(left >= MB ? zeros : zeros.subarray(0, left));
    await write('\nendstream\nendobj\n');
    await write(`5 0 obj\n${spec.imageBytes}\nendobj\n`);
    if (spec.script) await write('6 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n');
    await write('trailer\n<< /Root 1 0 R /Size 7 >>\n%%EOF\n');
    if (spec.appended) {
      const junk = new Uint8Array(MB).fill(0x50);
      for (let left = spec.appended; left > 0; left -= MB) await write(left >= MB ? junk : junk.subarray(0, left));
    }
  } finally {
    await handle.close();
  }
  return file;
}

describe('inspectPdfFile: the same verdicts as in memory', () => {
  test('every committed fixture, with every stream the checks do not parse left on disk', async () => {
    const names = (await readdir(FIXTURE_DIR)).filter((n) => n.endsWith('.pdf')).sort();
    assert.ok(names.length >= 20, `fixtures found: ${names.length}`);
    for (const name of names) {
      const file = path.join(FIXTURE_DIR, name);
      const inMemory = await inspectPdfBytes(await readFile(file));
      assert.deepEqual(await inspectPdfFile(file, { keepStreamBytes: 0 }), inMemory, name);
      assert.deepEqual(await inspectPdfFile(file), inMemory, `${name} (default threshold)`);
    }
  });

  for (const length of ['direct', 'indirect', 'wrong'] as const) {
    test(`a script after a 24 MB page image is found (image /Length ${length})`, async () => {
      const file = await writeBigPdf(`script-${length}.pdf`, { imageBytes: 24 * MB, length, script: true });
      const verdict = await inspectPdfFile(file);
      assert.equal(verdict.ok, false);
      assert.equal(!verdict.ok && verdict.code, 'ATTACHMENT_ACTIVE_CONTENT');
      assert.deepEqual(verdict, await inspectPdfBytes(await readFile(file)));
    });
  }

  test('a 24 MB scan without active content passes with its page count', async () => {
    const file = await writeBigPdf('clean.pdf', { imageBytes: 24 * MB, length: 'direct' });
    assert.deepEqual(await inspectPdfFile(file), { ok: true, pages: 1 });
  });

  test('data appended after %%EOF is refused however much of it there is (read back to the marker)', async () => {
    const appended = 3 * MB + 17; // the marker lies more than one read step before the end
    const file = await writeBigPdf('appended.pdf', { imageBytes: MB, length: 'direct', appended });
    const verdict = await inspectPdfFile(file);
    assert.equal(!verdict.ok && verdict.code, 'ATTACHMENT_NOT_PDF');
    assert.deepEqual(!verdict.ok && verdict.details, [`%%EOF 之后附加了 ${appended + 1} 字节其他格式的内容`]);
    assert.deepEqual(verdict, await inspectPdfBytes(await readFile(file)));
  });

  test('an object stream larger than the structure cap is refused without reading it', async () => {
    const file = path.join(dir, 'huge-objstm.pdf');
    const body = Buffer.alloc(3 * MB, 0x20);
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length ${body.length} >>\nstream\n`),
        body,
        Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 2 0 R >>\n%%EOF\n'),
      ]),
    );
    const verdict = await inspectPdfFile(file, { maxStructureBytes: MB });
    assert.equal(!verdict.ok && verdict.code, 'ATTACHMENT_INFLATED_TOO_LARGE');
    assert.match(!verdict.ok ? (verdict.details?.[0] ?? '') : '', /解压后超过 1 MB 上限/);
  });
});

describe('PdfFile: memory follows the structure, not the size', () => {
  test('loading a 64 MB scan reads its structure and leaves the image on disk', async () => {
    const file = await writeBigPdf('scan-64mb.pdf', { imageBytes: 64 * MB, length: 'direct' });
    global.gc?.();
    const before = process.memoryUsage().arrayBuffers;
    const pdf = new PdfFile(file, { maxStructuralBytes: 32 * MB });
    try {
      const doc = await pdf.load();
      const grown = process.memoryUsage().arrayBuffers - before;
      assert.equal(doc.getPageCount(), 1);
      assert.equal(pdf.elidedBytes, 64 * MB, 'the image contents stayed on disk');
      assert.ok(grown < 4 * MB, `array buffers grew by ${(grown / MB).toFixed(1)} MB while the document was loaded`);
    } finally {
      pdf.close();
    }
  });
});
