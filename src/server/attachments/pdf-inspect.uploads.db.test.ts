import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { makeManyObjectsPdf, writeObjectFloodPdf } from '../../../scripts/make-pdf-fixtures.ts';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { reviewFullReview, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { assertChineseError, blobFiles, fileStatement, freshClientAddress } from '../../../test/support/security.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { createPdfInspector, type PdfInspector } from './pdf-inspect.ts';

/**
 * Issue 14, point 2, through the real upload routes: the object flood is refused by the
 * pre-check; while the only worker is busy, the same account's next file (wizard or 陈述) is
 * answered 429 and another account's 503, both with Retry-After, and nothing of them is kept.
 */

const SLOT = 'otherAttachments';
let t: TestApp;
let inspector: PdfInspector;
let dir: string;
let flood: string;
let slow: Buffer;
/** Applicant A: a draft, and a case in its 公示 period (for a 陈述). */
let a: ApplicantApi;
let aDraft: string;
let aCase: string;
let b: ApplicantApi;
let bDraft: string;

/** The real app with a pool of one worker, no shared queue and no held files: the limits answer at once. */
async function buildApp(): Promise<TestApp> {
  inspector = createPdfInspector({ concurrency: 1, maxQueued: 0, perAccount: 1, perAccountQueue: 0, timeoutMs: 120_000 });
  return buildTestApp({}, { inspector });
}

async function newDraft(api: ApplicantApi): Promise<string> {
  const created = await api.call('POST', '/api/applications', { item: 'design-b', values: sampleApplication('design-b', 'first', { today: t.clock.now() }).applicant });
  assert.equal(created.statusCode, 201, created.body);
  return created.json().id as string;
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-flood-'));
  flood = path.join(dir, 'flood-400k.pdf');
  await writeObjectFloodPdf(flood, 400_000);
  slow = makeManyObjectsPdf(100_000);
  t = await buildApp();
  const desk = new StaffDesk(t);
  const submitted = await submittedCase(t, 'survey-b', 'first');
  await reviewFullReview(desk, submitted.id);
  await desk.publish('notice', [submitted.id]);
  a = submitted.applicant;
  aCase = submitted.id;
  aDraft = await newDraft(a);
  b = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  bDraft = await newDraft(b);
});
after(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A multipart upload whose file is streamed from disk: the 25 MB flood is never held in memory. */
async function uploadFile(api: ApplicantApi, draft: string, file: string): Promise<LightMyRequestResponse> {
  const boundary = `----zizhi${Math.random().toString(16).slice(2)}`;
  async function* body() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    yield* createReadStream(file);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const session = await api.browser.sessionInfo();
  return t.app.inject({
    method: 'POST',
    url: `/api/applications/${draft}/attachments/${SLOT}`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      origin: TEST_PUBLIC_URL,
      'x-csrf-token': session.csrfToken ?? '',
      cookie: `zz_sid=${api.browser.cookie('zz_sid')}`,
    },
    payload: Readable.from(body()),
    remoteAddress: freshClientAddress(),
  });
}

const upload = (api: ApplicantApi, draft: string, bytes: Buffer) => api.upload(draft, SLOT, bytes);

function assertRetryLater(res: LightMyRequestResponse, status: 429 | 503, code: string, message: RegExp): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/, 'Retry-After in whole seconds');
  const error = assertChineseError(res, code, code);
  assert.match(error.message, message);
}

describe('upload contention through the routes', () => {
  test('the 25 MB flood of 400 000 objects: 422 ATTACHMENT_TOO_COMPLEX from the pre-check, nothing kept', async () => {
    const before = blobFiles(t);
    const res = await uploadFile(a, aDraft, flood);
    assert.equal(res.statusCode, 422, res.body);
    const error = assertChineseError(res, 'flood', 'ATTACHMENT_TOO_COMPLEX');
    assert.equal(error.message, '其他附件：PDF文件结构过于复杂（交叉引用条目数超过200000），请重新导出或打印为PDF后上传');
    const stats = inspector.stats();
    assert.equal(stats.precheckRefusals, 1);
    assert.equal(stats.timeouts, 0);
    assert.deepEqual(blobFiles(t), before);
  });

  test('while the only worker checks A’s file: A’s next file is 429 (wizard and 陈述), B’s is 503; then both go through', async () => {
    const before = blobFiles(t);
    const parsedBefore = inspector.stats().parsed;
    const running = upload(a, aDraft, slow);
    await until(() => inspector.stats().busy === 1);

    const again = await upload(a, aDraft, fixturePdf('valid-1-page.pdf'));
    assertRetryLater(again, 429, 'UPLOAD_TOO_MANY', /^您已有1个文件正在检查，请等这些文件检查完成后再上传（约\d+秒）$/);
    const statement = await fileStatement(a, aCase, '对公示内容的陈述', [{ name: '证明.pdf', bytes: fixturePdf('valid-1-page.pdf') }], { remoteAddress: freshClientAddress() });
    assertRetryLater(statement, 429, 'UPLOAD_TOO_MANY', /^您已有1个文件正在检查/);
    const other = await upload(b, bDraft, fixturePdf('valid-1-page.pdf'));
    assertRetryLater(other, 503, 'UPLOAD_BUSY', /^系统正在检查其他文件，请稍后再上传（约\d+秒）$/);
    assert.equal(inspector.stats().busy, 1);
    const added = blobFiles(t).filter((f) => !before.includes(f));
    assert.equal(added.length, 1, `only the staging file of the file being checked: ${added.join(', ')}`);

    const done = await running;
    assert.equal(done.statusCode, 200, done.body);
    assert.equal((await upload(b, bDraft, fixturePdf('valid-1-page.pdf'))).statusCode, 200);
    assert.equal(inspector.stats().parsed, parsedBefore + 2, 'the refused files never reached a worker');
    assert.equal(blobFiles(t).filter((f) => !before.includes(f)).length, 2, 'two files kept, no staging file left');
  });
});

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
