import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_DIR, makePdfFixtures } from '../../../scripts/make-pdf-fixtures.ts';
import type { PdfFixture } from '../../../scripts/make-pdf-fixtures.ts';
import { createPdfInspector } from './pdf-inspect.ts';
import type { PdfInspector } from './pdf-inspect.ts';
import { inspectPdfBytes } from './pdf-inspect.core.ts';
import { ACTIVE_CONTENT_LABELS, PDF_MESSAGES } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

const fixtures: PdfFixture[] = await makePdfFixtures();

/** Assert a verdict is exactly what the fixture table promises, message included. */
function assertVerdict(name: string, verdict: PdfVerdict, expect: PdfFixture['expect']): void {
  if (expect.ok) {
    assert.deepEqual(verdict, { ok: true, pages: expect.pages }, name);
    return;
  }
  assert.equal(verdict.ok, false, `${name}: ${JSON.stringify(verdict)}`);
  if (verdict.ok) return;
  assert.equal(verdict.code, expect.code, `${name}: ${JSON.stringify(verdict)}`);
  if (expect.code === 'ATTACHMENT_ACTIVE_CONTENT') {
    assert.ok(expect.finding, `${name} names its finding`);
    const label = ACTIVE_CONTENT_LABELS[expect.finding];
    assert.equal(verdict.message, `PDF文件含有${label}，扫描件不需要此类内容，请重新导出或打印为PDF后上传`, name);
    assert.ok(verdict.details?.length, `${name} lists its findings`);
  } else {
    assert.equal(verdict.message, PDF_MESSAGES[expect.code], name);
  }
}

describe('committed fixtures', () => {
  test('test/fixtures/pdf holds exactly the generated files, byte for byte, each under 50 KB', async () => {
    const onDisk = (await readdir(FIXTURE_DIR)).filter((n) => n.endsWith('.pdf')).sort();
    assert.deepEqual(onDisk, fixtures.map((f) => f.name).sort(), 'run: node --import tsx scripts/make-pdf-fixtures.ts');
    for (const f of fixtures) {
      const committed = await readFile(path.join(FIXTURE_DIR, f.name));
      assert.ok(committed.equals(f.bytes), `${f.name} differs from the generator's output: regenerate the fixtures`);
      assert.ok(f.bytes.length < 50 * 1024, `${f.name} is ${f.bytes.length} bytes`);
    }
  });

  test('generation is deterministic', async () => {
    const again = await makePdfFixtures();
    for (const [i, f] of fixtures.entries()) assert.ok(Buffer.from(again[i]!.bytes).equals(f.bytes), f.name);
  });

  test('the object-stream fixtures defeat a keyword grep (the reason to walk the parsed graph)', () => {
    for (const name of ['js-in-objstm.pdf', 'js-escaped-name.pdf']) {
      const bytes = Buffer.from(fixtures.find((f) => f.name === name)!.bytes);
      assert.equal(bytes.indexOf('/JS'), -1, name);
      assert.equal(bytes.indexOf('/JavaScript'), -1, name);
    }
  });

  test('the brief covers: every required kind of fixture is present', () => {
    const codes = new Set<string>(fixtures.map((f) => (f.expect.ok ? 'ok' : f.expect.code)));
    for (const code of ['ok', 'ATTACHMENT_NOT_PDF', 'ATTACHMENT_EMPTY', 'ATTACHMENT_ENCRYPTED', 'ATTACHMENT_UNREADABLE', 'ATTACHMENT_NO_PAGES', 'ATTACHMENT_ACTIVE_CONTENT']) {
      assert.ok(codes.has(code), code);
    }
    const findings = new Set<string | undefined>(fixtures.map((f) => (f.expect.ok ? undefined : f.expect.finding)));
    for (const kind of Object.keys(ACTIVE_CONTENT_LABELS)) assert.ok(findings.has(kind), kind);
  });
});

describe('every fixture gets its exact verdict', () => {
  for (const f of fixtures) {
    test(`in process: ${f.name}`, async () => {
      assertVerdict(f.name, await inspectPdfBytes(f.bytes), f.expect);
    });
  }
});

describe('every committed fixture gets its exact verdict through the worker pool', () => {
  let inspector: PdfInspector;
  before(async () => {
    inspector = createPdfInspector({ concurrency: 2, maxQueued: Infinity }); // the whole corpus at once: no queue bound
    await inspector.warmUp();
  });
  after(() => inspector.close());

  test('all fixtures, inspected concurrently', async () => {
    const verdicts = await Promise.all(fixtures.map((f) => inspector.inspect(path.join(FIXTURE_DIR, f.name))));
    for (const [i, f] of fixtures.entries()) assertVerdict(f.name, verdicts[i]!, f.expect);
    const stats = inspector.stats();
    assert.equal(stats.timeouts, 0);
    assert.equal(stats.crashes, 0);
    assert.ok(stats.workers <= 2);
  });

  test('the JavaScript message is the one applicants see', async () => {
    const verdict = await inspector.inspect(path.join(FIXTURE_DIR, 'js-in-objstm.pdf'));
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.message, 'PDF文件含有脚本（JavaScript），扫描件不需要此类内容，请重新导出或打印为PDF后上传');
    assert.ok(verdict.details?.some((d) => d.includes('/S /JavaScript')));
  });
});
