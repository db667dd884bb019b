import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { FIXTURE_DIR, makeManyObjectsPdf, objStmBody, rawPdf, streamBody, writeObjectFloodPdf } from '../../../scripts/make-pdf-fixtures.ts';
import { inspectPdfFile } from './pdf-inspect.core.ts';
import { DEFAULT_STRUCTURE_LIMITS, measureStructure, precheckPdfFile } from './pdf-inspect.precheck.ts';
import type { StructureCounts } from './pdf-inspect.precheck.ts';

const REAL_DIR = path.join(FIXTURE_DIR, '../pdf-real');
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
const HEAD = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE];

let dir: string;
let seq = 0;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-precheck-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(bytes: Buffer): Promise<string> {
  const at = path.join(dir, `f${++seq}.pdf`);
  await writeFile(at, bytes);
  return at;
}

const counts = async (bytes: Buffer): Promise<StructureCounts> => measureStructure(await file(bytes)).counts;

describe('structural pre-check: what it counts', () => {
  test('object headers, tokens, xref rows, trailer /Size and nesting of a plain file', async () => {
    const c = await counts(rawPdf([...HEAD, '<< /A [1 [2 [3]]] /B << /C (x) >> >>']));
    assert.deepEqual(c, { objects: 4, objectsInStreams: 0, tokens: c.tokens, xrefEntries: 5, declaredSize: 5, depth: 4 });
    assert.ok(c.tokens > 40 && c.tokens < 120, `${c.tokens} tokens`);
  });

  test('objects inside object streams count by their /N, direct or indirect', async () => {
    const objStm = objStmBody([
      [5, '<< /A 1 >>'],
      [6, '<< /B 2 >>'],
    ]);
    assert.equal((await counts(rawPdf([...HEAD, objStm]))).objectsInStreams, 2);
    // /N by reference to an integer object that comes later, as pdfTeX writes /Length.
    const indirect = Buffer.from(objStm.toString('latin1').replace('/N 2', '/N 5 0 R'), 'latin1');
    const c = await counts(rawPdf([...HEAD, indirect, '250000']));
    assert.equal(c.objectsInStreams, 250_000);
    assert.equal(precheckPdfFile(await file(rawPdf([...HEAD, indirect, '250000'])))?.ok, false);
  });

  test('an xref stream counts the rows /Size or /Index declares, whatever its data holds', async () => {
    // pdf-lib loops over every declared row: /Size 5 000 000 over a few bytes of data is 5 M entries.
    const xrefStream = (dict: string) => rawPdf([...HEAD, streamBody(`/Type /XRef /W [1 2 1] ${dict} /Root 1 0 R`, deflateSync(Buffer.alloc(16)))]);
    // Plus the 5 rows of rawPdf's own classic table.
    assert.equal((await counts(xrefStream('/Size 5000000'))).xrefEntries, 5_000_005);
    assert.equal((await counts(xrefStream('/Size 5000000 /Index [0 3 10 4]'))).xrefEntries, 12);
    const refused = precheckPdfFile(await file(xrefStream('/Size 5000000')));
    assert.ok(refused && !refused.ok);
    assert.equal(refused.code, 'ATTACHMENT_TOO_COMPLEX');
    assert.match(refused.message, /交叉引用条目数超过200000/);
  });

  test('stream data is skipped, by a direct /Length or by its endstream', async () => {
    const junk = Buffer.from('1 0 obj [[[[[ << (( 2 0 obj\n'.repeat(1000), 'latin1');
    const plain = await counts(rawPdf([...HEAD, streamBody('', Buffer.from('x'))]));
    const direct = await counts(rawPdf([...HEAD, streamBody('', junk)]));
    assert.deepEqual(direct, plain);
    // An indirect /Length to an object that does not exist: found by its endstream (two tokens more: `9 0 R`).
    const indirect = await counts(rawPdf([...HEAD, Buffer.from(streamBody('', junk).toString('latin1').replace(/\/Length \d+/, '/Length 9 0 R'), 'latin1')]));
    assert.deepEqual(indirect, { ...plain, tokens: plain.tokens + 2 });
  });

  test('strings, hex strings, comments and names do not nest or count as objects', async () => {
    const c = await counts(rawPdf([...HEAD, '<< /S (a [[ ( << \\) 1 0 obj ) ) /H <5b5b3c3c> /N#20x 1 >> % [[[ << 1 0 obj\n']));
    assert.equal(c.objects, 4);
    assert.equal(c.depth, 2);
  });
});

describe('structural pre-check: the limits', () => {
  test('the 400 000-object flood of issue 14 (25 MB, written by streaming): refused by its /Size, or by counting when it hides it', async (t) => {
    const flood = path.join(dir, 'flood-400k.pdf');
    const size = await writeObjectFloodPdf(flood, 400_000);
    assert.ok(size > 24 * 1024 * 1024 && size < 27 * 1024 * 1024, `${size} bytes`);
    const verdict = precheckPdfFile(flood);
    assert.ok(verdict && !verdict.ok);
    assert.equal(verdict.code, 'ATTACHMENT_TOO_COMPLEX');
    assert.equal(verdict.message, 'PDF文件结构过于复杂（交叉引用条目数超过200000），请重新导出或打印为PDF后上传');
    assert.deepEqual(verdict.details, ['预检：文件末尾的交叉引用段声明 /Size 400004'], 'read from the end, nothing scanned');
    // Without /Size in its trailer (pdf-lib does not need it), the scan counts the objects and stops at the limit.
    const hidden = path.join(dir, 'flood-400k-no-size.pdf');
    await writeObjectFloodPdf(hidden, 400_000, { declareSize: false });
    const counted = precheckPdfFile(hidden);
    assert.ok(counted && !counted.ok);
    assert.equal(counted.message, 'PDF文件结构过于复杂（对象数超过200000），请重新导出或打印为PDF后上传');
    assert.match(counted.details?.[0] ?? '', /^预检：对象 200001\+0/, 'it stopped at the limit: about half the file was read');
    t.diagnostic(counted.details?.[0] ?? '');
    // An understated /Size does not help either: the scan counts.
    const lying = path.join(dir, 'flood-lying-size.pdf');
    await writeFile(lying, makeManyObjectsPdf(210_000).toString('latin1').replace('/Size 210004', '/Size 4'), 'latin1');
    assert.match((precheckPdfFile(lying) as { message: string }).message, /对象数超过200000/);
    // The same structure below the limit passes the pre-check and parses (it is a valid PDF).
    const small = path.join(dir, 'flood-1k.pdf');
    await writeObjectFloodPdf(small, 1000);
    assert.equal(precheckPdfFile(small), undefined);
    assert.deepEqual(await inspectPdfFile(small), { ok: true, pages: 1 });
  });

  test('each limit refuses with its own message', async () => {
    const limits = { ...DEFAULT_STRUCTURE_LIMITS };
    /** The refusal's message; '' when the file passes. */
    const refuse = async (bytes: Buffer, over: Partial<typeof limits>) => {
      const verdict = precheckPdfFile(await file(bytes), { ...limits, ...over });
      return verdict && !verdict.ok ? verdict.message : '';
    };
    const deep = rawPdf([...HEAD, `${'['.repeat(101)}${']'.repeat(101)}`]);
    assert.match(await refuse(deep, {}), /字典或数组嵌套层数超过100/);
    assert.equal(await refuse(rawPdf([...HEAD, `${'['.repeat(98)}${']'.repeat(98)}`]), {}), '', '100 levels in all pass');
    const wide = rawPdf([...HEAD, `[${'0 '.repeat(20_000)}]`]);
    assert.match(await refuse(wide, { maxTokens: 10_000 }), /语法元素数超过10000/);
    assert.equal(await refuse(wide, { maxTokens: 30_000 }), '');
    assert.match(await refuse(makeManyObjectsPdf(1000), { maxObjects: 500 }), /对象数超过500/);
    assert.match(await refuse(makeManyObjectsPdf(1000), { maxObjects: 5000, maxXrefEntries: 500 }), /交叉引用条目数超过500/);
  });

  test('every real document of test/fixtures/pdf-real is well within the limits', async (t) => {
    const files = readdirSync(REAL_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
    assert.ok(files.length >= 50, `${files.length} files`);
    const max: StructureCounts = { objects: 0, objectsInStreams: 0, tokens: 0, xrefEntries: 0, declaredSize: 0, depth: 0 };
    let objects = 0;
    for (const f of files) {
      const report = measureStructure(path.join(REAL_DIR, f), DEFAULT_STRUCTURE_LIMITS);
      assert.equal(report.exceeded, undefined, f);
      for (const k of Object.keys(max) as (keyof StructureCounts)[]) max[k] = Math.max(max[k], report.counts[k]);
      objects = Math.max(objects, report.counts.objects + report.counts.objectsInStreams);
    }
    t.diagnostic(`largest of ${files.length} real files: ${objects} objects, ${max.tokens} tokens, ${max.xrefEntries} xref entries, nesting ${max.depth}`);
    const { maxObjects, maxTokens, maxXrefEntries, maxDepth } = DEFAULT_STRUCTURE_LIMITS;
    assert.ok(objects * 10 < maxObjects && max.tokens * 10 < maxTokens && max.xrefEntries * 10 < maxXrefEntries && max.depth * 10 < maxDepth);
  });
});
