import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_DIR, makeManyObjectsPdf, writeObjectFloodPdf } from '../../../scripts/make-pdf-fixtures.ts';
import { AppError } from '../errors.ts';
import { createPdfInspector } from './pdf-inspect.ts';
import type { PdfVerdict } from './pdf-inspect.ts';

/**
 * Fairness of the inspection pool (issue 14, point 2): the structural pre-check answers before
 * any parse, one account cannot hold more than its share, the shared queue is bounded, and
 * waiting counts against each file's time budget.
 */

const valid = path.join(FIXTURE_DIR, 'valid-1-page.pdf');
let dir: string;
/** 400 000 trivial objects, ~25 MB: 5–16 s of pdf-lib parsing without the pre-check; its trailer’s /Size left out. */
let flood: string;
/** 100 000 objects, ~8 MB: passes the pre-check, then takes pdf-lib ~3 s (longer on a loaded machine). */
let slow: string;
/** 190 000 objects, just under the limits: 6–7 s of pdf-lib parsing. */
let slower: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-pool-'));
  flood = path.join(dir, 'flood-400k.pdf');
  slow = path.join(dir, 'many-100k.pdf');
  slower = path.join(dir, 'flood-190k.pdf');
  await writeObjectFloodPdf(slower, 190_000);
  await writeObjectFloodPdf(flood, 400_000, { declareSize: false });
  await writeFile(slow, makeManyObjectsPdf(100_000));
});
after(() => rm(dir, { recursive: true, force: true }));

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Settles to the verdict or the error, and records the order in which promises settled. */
function tracked(order: string[], name: string, p: Promise<PdfVerdict>): Promise<PdfVerdict | Error> {
  return p.then(
    (v) => {
      order.push(name);
      return v;
    },
    (e: Error) => {
      order.push(name);
      return e;
    },
  );
}

function assertBusy(error: unknown, code: 'UPLOAD_BUSY' | 'UPLOAD_TOO_MANY', message: RegExp): void {
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, code);
  assert.equal(error.status, code === 'UPLOAD_BUSY' ? 503 : 429);
  assert.match(error.message, message);
  assert.ok(Number.isInteger(error.retryAfterSeconds) && error.retryAfterSeconds! >= 1, `Retry-After ${error.retryAfterSeconds}`);
}

describe('the structural pre-check in the pool', () => {
  test('the 25 MB flood of 400 000 objects (no /Size to go by) is refused by the pre-check: no parse, no timeout', async (t) => {
    const inspector = createPdfInspector({ concurrency: 1 });
    t.after(() => inspector.close());
    await inspector.warmUp();
    const t0 = performance.now();
    const verdict = await inspector.inspect(flood, { account: 'hostile' });
    t.diagnostic(`refused in ${(performance.now() - t0).toFixed(0)} ms (5–16 s of parsing without the pre-check)`);
    assert.ok(!verdict.ok);
    assert.equal(verdict.code, 'ATTACHMENT_TOO_COMPLEX');
    assert.equal(verdict.message, 'PDF文件结构过于复杂（对象数超过200000），请重新导出或打印为PDF后上传');
    const stats = inspector.stats();
    assert.equal(stats.precheckRefusals, 1);
    assert.equal(stats.parsed, 0, 'pdf-lib never started on it');
    assert.equal(stats.timeouts, 0);
    assert.equal(stats.started, 1, 'the worker was not terminated');
    // A real file goes on to the full parse.
    assert.deepEqual(await inspector.inspect(valid, { account: 'hostile' }), { ok: true, pages: 1 });
    assert.equal(inspector.stats().parsed, 1);
  });
});

describe('fairness', () => {
  test('per account: one file in flight, the next held back, one more is answered 429; another account goes ahead', async (t) => {
    const inspector = createPdfInspector({ concurrency: 2, perAccount: 1, perAccountQueue: 1, timeoutMs: 120_000 });
    t.after(() => inspector.close());
    await inspector.warmUp();
    const order: string[] = [];
    const a1 = tracked(order, 'a1', inspector.inspect(slow, { account: 'a' }));
    await until(() => inspector.stats().busy === 1);
    const a2 = tracked(order, 'a2', inspector.inspect(valid, { account: 'a' }));
    await until(() => inspector.stats().held === 1);
    assert.equal(inspector.stats().busy, 1, 'the held file does not take the free worker');
    const a3 = await inspector.inspect(valid, { account: 'a' }).catch((e: unknown) => e);
    assertBusy(a3, 'UPLOAD_TOO_MANY', /^您已有2个文件正在检查，请等这些文件检查完成后再上传（约\d+秒）$/);
    // Account b takes the second worker at once and is done while a's first file is still parsed.
    assert.deepEqual(await tracked(order, 'b', inspector.inspect(valid, { account: 'b' })), { ok: true, pages: 1 });
    assert.deepEqual(order, ['b']);
    assert.equal(inspector.stats().held, 1);
    assert.deepEqual(await a1, { ok: true, pages: 1 });
    assert.deepEqual(await a2, { ok: true, pages: 1 });
    assert.deepEqual(order, ['b', 'a1', 'a2']);
    assert.equal(inspector.stats().accountRefusals, 1);
  });

  test('a full queue is answered 503 UPLOAD_BUSY at once, with Retry-After', async (t) => {
    const inspector = createPdfInspector({ concurrency: 1, maxQueued: 1, timeoutMs: 120_000 });
    t.after(() => inspector.close());
    const running = inspector.inspect(slow, { account: 'a' }).catch((e: unknown) => e);
    await until(() => inspector.stats().busy === 1);
    const queued = inspector.inspect(valid, { account: 'b' }).catch((e: unknown) => e);
    await until(() => inspector.stats().queued === 1);
    const refused = await inspector.inspect(valid, { account: 'c' }).catch((e: unknown) => e);
    assertBusy(refused, 'UPLOAD_BUSY', /^系统正在检查其他文件，请稍后再上传（约\d+秒）$/);
    assert.equal(inspector.stats().queued, 1);
    assert.equal(inspector.stats().busyRefusals, 1);
    await inspector.close();
    await running;
    await queued;
  });

  test('waiting counts against the time budget: a queued or held file is answered before the file ahead of it ends', async (t) => {
    // Budget 3 s, of which at least 2 s is left to run: a file may wait 1 s.
    const inspector = createPdfInspector({ concurrency: 1, perAccount: 1, timeoutMs: 3000, minRunMs: 2000 });
    t.after(() => inspector.close());
    await inspector.warmUp();
    const order: string[] = [];
    const running = tracked(order, 'running', inspector.inspect(slower, { account: 'a' }));
    await until(() => inspector.stats().busy === 1);
    const queued = tracked(order, 'queued', inspector.inspect(valid, { account: 'b' }));
    const held = tracked(order, 'held', inspector.inspect(valid, { account: 'a' }));
    await until(() => inspector.stats().queued === 1 && inspector.stats().held === 1);
    const [r, q, h] = await Promise.all([running, queued, held]);
    // Without the budget both would wait for the slow file and then be inspected.
    assertBusy(q, 'UPLOAD_BUSY', /系统正在检查其他文件/);
    assertBusy(h, 'UPLOAD_BUSY', /系统正在检查其他文件/);
    assert.ok(!(r instanceof Error), String(r)); // parsed or timed out at 3 s, depending on the machine
    assert.equal(order.at(-1), 'running', `settled in the order ${order.join(', ')}`);
    assert.deepEqual(inspector.stats(), { ...inspector.stats(), queued: 0, held: 0, busyRefusals: 2 });
    // The pool recovers: the next file has its whole budget.
    assert.deepEqual(await inspector.inspect(valid, { account: 'b' }), { ok: true, pages: 1 });
  });
});
