import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFName } from 'pdf-lib';
import { FIXTURE_DIR, makeContentBombPdf, makeFlateBombPdf, makeManyObjectsPdf } from '../../../scripts/make-pdf-fixtures.ts';
import { createPdfInspector } from './pdf-inspect.ts';
import { inspectPdfBytes, inspectPdfFile, nameText } from './pdf-inspect.core.ts';
import { inflateBudgetFor } from './pdf-inspect.limits.ts';
import { checkHead } from './pdf-inspect.verdict.ts';

const fixture = (name: string) => path.join(FIXTURE_DIR, name);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
/** Big generated files (not committed): 100k objects ≈ 7.9 MB, ~1.5 s to parse here. */
let slowPdf: string;
let bombPdf: string;
/** A 1 MB file whose page content stream inflates to 1 GiB of zeros (issue 14, point 4). */
let contentBombPdf: string;

const MiB = 1024 * 1024;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-pdf-'));
  slowPdf = path.join(dir, 'many-100k.pdf');
  bombPdf = path.join(dir, 'flate-bomb.pdf');
  contentBombPdf = path.join(dir, 'content-bomb-1gib.pdf');
  await writeFile(slowPdf, makeManyObjectsPdf(100_000));
  await writeFile(bombPdf, await makeFlateBombPdf(256 * MiB));
  await writeFile(contentBombPdf, await makeContentBombPdf(1024 * MiB));
});
after(() => rm(dir, { recursive: true, force: true }));

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('cheap checks', () => {
  test('%PDF- must start within the first 1024 bytes', () => {
    const at = (offset: number) => Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from('%PDF-1.7\n')]);
    assert.equal(checkHead(9, at(0)), undefined);
    assert.equal(checkHead(1032, at(1023)), undefined);
    assert.equal(checkHead(1033, at(1024))?.ok, false);
    assert.deepEqual(checkHead(0, Buffer.alloc(0)), { ok: false, code: 'ATTACHMENT_EMPTY', message: '文件为空，请重新选择' });
    assert.deepEqual(checkHead(3, Buffer.from('abc')), { ok: false, code: 'ATTACHMENT_NOT_PDF', message: '文件内容不是PDF格式（不论扩展名），请上传PDF文件' });
  });

  test('PDF names decode every #xx escape, lower-case included', () => {
    assert.equal(nameText(PDFName.of('J#53')), 'JS');
    assert.equal(nameText(PDFName.of('#4aS')), 'JS');
    assert.equal(nameText(PDFName.of('#4aavaScript')), 'JavaScript');
    assert.equal(nameText(PDFName.of('Page')), 'Page');
  });
});

/** Inspect `file` in a warm worker while sampling this process's RSS (the worker shares it). */
async function inspectSampled(file: string, options: Parameters<typeof createPdfInspector>[0] = {}) {
  const inspector = createPdfInspector({ concurrency: 1, ...options });
  try {
    await inspector.warmUp();
    global.gc?.();
    const rss0 = process.memoryUsage.rss();
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const t0 = performance.now();
    const verdict = await inspector.inspect(file);
    const ms = performance.now() - t0;
    clearInterval(sampler);
    return { verdict, ms, rssGrowthMb: (peak - rss0) / MiB };
  } finally {
    await inspector.close();
  }
}

describe('decompression bomb', () => {
  test('a 1 MB PDF whose page content inflates to 1 GiB is refused quickly, with flat memory', async (t) => {
    const { size } = await stat(contentBombPdf);
    assert.ok(size < MiB, `the bomb is ${size} bytes`);
    const { verdict, ms, rssGrowthMb } = await inspectSampled(contentBombPdf);
    t.diagnostic(`content bomb (${(size / 1024).toFixed(0)} KB → 1 GiB): refused in ${ms.toFixed(0)} ms, peak RSS growth ${rssGrowthMb.toFixed(1)} MB`);
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.code, 'ATTACHMENT_INFLATED_TOO_LARGE');
    assert.equal(verdict.message, 'PDF文件解压后的内容过大，疑似压缩炸弹，请重新生成PDF后上传');
    assert.deepEqual(verdict.details, [`全部数据流解压后超过 256 MB 上限（文件 ${Math.ceil(size / 1024)} KB），在 4 0 R 处超出`]);
    // ~0.7 s on an idle machine (inflating all of it takes ~2.5 s); the bound leaves room for a busy one.
    assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
    assert.ok(rssGrowthMb < 64, `RSS grew by ${rssGrowthMb.toFixed(0)} MB`);
    // Counting stops at the budget rather than inflating the whole GiB.
    let counted = 0;
    await inspectPdfFile(contentBombPdf, { onInflated: (s) => (counted = s.bytes) });
    assert.ok(counted > 256 * MiB && counted < 257 * MiB, `counted ${counted} bytes`);
  });

  test('the same bomb deflated twice (a few KB) stops at the same budget', async () => {
    const bytes = await makeContentBombPdf(512 * MiB, { layers: 2 });
    assert.ok(bytes.length < 10_000, `${bytes.length} bytes`);
    const verdict = await inspectPdfBytes(bytes);
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_INFLATED_TOO_LARGE', JSON.stringify(verdict));
  });

  test('the budget follows the file size and is configurable', async () => {
    const bytes = await makeContentBombPdf(8 * MiB); // ~8 KB inflating to 8 MiB: 1000×
    assert.deepEqual(await inspectPdfBytes(bytes), { ok: true, pages: 1 }, 'under the 256 MiB floor');
    const small = await inspectPdfBytes(bytes, { inflateMinBytes: 4 * MiB });
    assert.ok(!small.ok && small.code === 'ATTACHMENT_INFLATED_TOO_LARGE');
    assert.deepEqual(small.details, [`全部数据流解压后超过 4 MB 上限（文件 ${Math.ceil(bytes.length / 1024)} KB），在 4 0 R 处超出`]);
    assert.deepEqual(await inspectPdfBytes(bytes, { inflateMinBytes: 4 * MiB, inflateRatio: 2000 }), { ok: true, pages: 1 }, '2000 × the file size');
    assert.equal(inflateBudgetFor(MiB), 256 * MiB);
    assert.equal(inflateBudgetFor(100 * MiB), 3200 * MiB);
    assert.equal(inflateBudgetFor(100 * MiB, { inflateRatio: 10, inflateMinBytes: MiB }), 1000 * MiB);
  });

  test('an object-stream bomb (which pdf-lib itself inflates, in memory) stops at the 32 MiB structure cap', async (t) => {
    const { verdict, rssGrowthMb } = await inspectSampled(bombPdf);
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.code, 'ATTACHMENT_INFLATED_TOO_LARGE');
    assert.match(verdict.details?.join() ?? '', /对象流或交叉引用流解压后超过 32 MB 上限/);
    t.diagnostic(`object-stream bomb: peak RSS growth ${rssGrowthMb.toFixed(0)} MB`);
    assert.ok(rssGrowthMb < 100, `RSS grew by ${rssGrowthMb.toFixed(0)} MB`);
  });

  test('the structure cap is configurable and counts every decoder stage', async () => {
    const bytes = await makeFlateBombPdf(8 * MiB);
    const capped = await inspectPdfBytes(bytes, { maxStructureBytes: MiB });
    assert.ok(!capped.ok && capped.code === 'ATTACHMENT_INFLATED_TOO_LARGE' && /1 MB/.test(capped.details?.join() ?? ''));
    // Under a generous cap the same file inflates fully and fails only as a malformed object stream.
    const uncapped = await inspectPdfBytes(bytes, { maxStructureBytes: 64 * MiB });
    assert.ok(!uncapped.ok && uncapped.code === 'ATTACHMENT_UNREADABLE' && !/上限/.test(uncapped.details?.join() ?? ''));
  });
});

describe('worker pool', () => {
  test('a timeout terminates the worker and the inspector goes on with the next file', async (t) => {
    const inspector = createPdfInspector({ timeoutMs: 250, concurrency: 1 });
    t.after(() => inspector.close());
    await inspector.warmUp();
    assert.equal(inspector.stats().workers, 1);
    const t0 = performance.now();
    const verdict = await inspector.inspect(slowPdf);
    const ms = performance.now() - t0;
    assert.deepEqual(verdict, {
      ok: false,
      code: 'ATTACHMENT_TIMEOUT',
      message: 'PDF文件检查超时，文件可能过于复杂，请重新导出或打印为PDF后上传',
      details: ['检查超过 250 ms，已终止'],
    });
    assert.ok(ms < 1200, `timed out after ${ms.toFixed(0)} ms`); // the full parse takes ~1.5 s
    await until(() => inspector.stats().workers === 0); // the thread really exited
    assert.equal(inspector.stats().timeouts, 1);
    assert.deepEqual(await inspector.inspect(fixture('valid-3-pages.pdf')), { ok: true, pages: 3 });
    assert.equal(inspector.stats().started, 2);
  });

  test('a 1 ms timeout also yields a verdict, never a hang', async (t) => {
    const inspector = createPdfInspector({ timeoutMs: 1 });
    t.after(() => inspector.close());
    const verdict = await inspector.inspect(slowPdf);
    assert.ok(!verdict.ok && verdict.code === 'ATTACHMENT_TIMEOUT');
  });

  test('a worker that runs out of heap is a verdict, and the next file is inspected normally', async (t) => {
    const inspector = createPdfInspector({ maxHeapMb: 32, concurrency: 1 });
    t.after(() => inspector.close());
    const verdict = await inspector.inspect(slowPdf); // needs ~130 MB of heap
    assert.deepEqual(verdict, {
      ok: false,
      code: 'ATTACHMENT_UNREADABLE',
      message: 'PDF文件已损坏或无法读取',
      details: ['检查进程异常终止：ERR_WORKER_OUT_OF_MEMORY'],
    });
    assert.equal(inspector.stats().crashes, 1);
    assert.deepEqual(await inspector.inspect(fixture('valid-1-page.pdf')), { ok: true, pages: 1 });
  });

  test('the main event loop stays responsive while a large file is parsed', async (t) => {
    const inspector = createPdfInspector({ concurrency: 1 });
    t.after(() => inspector.close());
    await inspector.warmUp();
    let last = performance.now();
    let worstGap = 0;
    let ticks = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks += 1;
    }, 5);
    const t0 = performance.now();
    const verdict = await inspector.inspect(slowPdf);
    const ms = performance.now() - t0;
    clearInterval(ticker);
    assert.deepEqual(verdict, { ok: true, pages: 1 });
    t.diagnostic(`100k-object PDF: ${ms.toFixed(0)} ms in the worker; main loop ticked ${ticks}×, worst gap ${worstGap.toFixed(1)} ms`);
    assert.ok(ms > 300, 'the file takes long enough for the measurement to mean something');
    // Parsed on this thread, the loop would stall for the whole parse (~1.5 s here). The bound
    // leaves room for a shared, overloaded 2-core machine; typical gaps are 15-50 ms.
    assert.ok(worstGap < Math.min(300, ms / 4), `event loop stalled for ${worstGap.toFixed(0)} ms of a ${ms.toFixed(0)} ms parse`);
  });

  test('concurrency is bounded: the rest wait in a queue', async (t) => {
    const inspector = createPdfInspector({ concurrency: 2 });
    t.after(() => inspector.close());
    const medium = path.join(dir, 'many-10k.pdf');
    await writeFile(medium, makeManyObjectsPdf(10_000));
    let maxBusy = 0;
    let maxWorkers = 0;
    const sampler = setInterval(() => {
      const s = inspector.stats();
      maxBusy = Math.max(maxBusy, s.busy);
      maxWorkers = Math.max(maxWorkers, s.workers);
    }, 2);
    const pending = Array.from({ length: 6 }, () => inspector.inspect(medium));
    await until(() => inspector.stats().queued > 0, 1000);
    const verdicts = await Promise.all(pending);
    clearInterval(sampler);
    for (const v of verdicts) assert.deepEqual(v, { ok: true, pages: 1 });
    assert.equal(maxBusy, 2);
    assert.ok(maxWorkers <= 2, `${maxWorkers} workers`);
    assert.equal(inspector.stats().started, 2, 'workers are reused');
  });

  test('workers are recycled after maxJobsPerWorker files and exit when idle', async (t) => {
    const inspector = createPdfInspector({ concurrency: 1, maxJobsPerWorker: 2, idleMs: 100 });
    t.after(() => inspector.close());
    for (let i = 0; i < 3; i++) assert.deepEqual(await inspector.inspect(fixture('valid-1-page.pdf')), { ok: true, pages: 1 });
    assert.equal(inspector.stats().started, 2);
    await until(() => inspector.stats().workers === 0, 3000);
  });

  test('server faults reject instead of passing for a verdict', async (t) => {
    const inspector = createPdfInspector();
    t.after(() => inspector.close());
    await assert.rejects(inspector.inspect(path.join(dir, 'no-such-file.pdf')), { code: 'ENOENT' });
    await inspector.close();
    await assert.rejects(inspector.inspect(fixture('valid-1-page.pdf')), /closed/);
  });

  test('close() rejects queued inspections and leaves no thread behind', async () => {
    const inspector = createPdfInspector({ concurrency: 1 });
    const settle = (p: Promise<unknown>) => p.then((v) => v, (e: unknown) => e);
    const first = settle(inspector.inspect(slowPdf));
    const second = settle(inspector.inspect(slowPdf));
    await until(() => inspector.stats().busy === 1 && inspector.stats().queued === 1, 2000);
    await inspector.close();
    assert.match(String(await first), /closed/);
    assert.match(String(await second), /closed/);
    assert.equal(inspector.stats().workers, 0);
  });

  test('inspection time of the 3-page fixture (warm worker)', async (t) => {
    const inspector = createPdfInspector({ concurrency: 1 });
    t.after(() => inspector.close());
    const t0 = performance.now();
    await inspector.warmUp();
    const startMs = performance.now() - t0;
    await inspector.inspect(fixture('valid-3-pages.pdf')); // JIT warm-up
    const runs = 20;
    const t1 = performance.now();
    for (let i = 0; i < runs; i++) assert.deepEqual(await inspector.inspect(fixture('valid-3-pages.pdf')), { ok: true, pages: 3 });
    const each = (performance.now() - t1) / runs;
    t.diagnostic(`worker start ${startMs.toFixed(0)} ms; valid-3-pages.pdf ${each.toFixed(2)} ms per inspection (warm)`);
    assert.ok(each < 200);
  });
});

describe('the worker loads however the server is started', () => {
  // Production runs `tsx src/server/main.ts`, tests `node --import tsx`: both must start the worker.
  const script = [
    `import { createPdfInspector } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/server/attachments/pdf-inspect.ts')).href)};`,
    'const inspector = createPdfInspector();',
    `console.log(JSON.stringify(await inspector.inspect(${JSON.stringify(fixture('valid-3-pages.pdf'))})));`,
    'await inspector.close();',
  ].join('\n');
  const cases: [string, string, string[]][] = [
    ['tsx CLI', path.join(ROOT, 'node_modules/.bin/tsx'), []],
    ['node --import tsx', process.execPath, ['--import', 'tsx']],
  ];
  for (const [name, command, args] of cases) {
    test(name, async () => {
      const file = path.join(dir, `start-${name.replace(/\W+/g, '-')}.mts`); // .mts: ESM outside the package
      await writeFile(file, script);
      const r = spawnSync(command, [...args, file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim()), { ok: true, pages: 3 });
    });
  }
});
