import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { newBlobKey } from './blob-store.ts';
import { describeBlobStoreContract, partFiles, readAll, streamOf } from './blob-store.contract.ts';
import { createLocalBlobStore } from './local-blob-store.ts';
import { openBlobStore } from './open-blob-store.ts';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'zizhi-blobs-'));

describeBlobStoreContract('local folder', async () => {
  const dir = await tempDir();
  const store = createLocalBlobStore(dir);
  return { store, stagingDir: store.stagingDir, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

test('local layout: <dir>/<ab>/<key>, mode 0600, staging in <dir>/tmp on the same filesystem', async (t) => {
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = createLocalBlobStore(dir);
  assert.equal(store.stagingDir, path.join(dir, 'tmp'));
  const staged = await store.stage(streamOf(Buffer.from('hello')), { maxBytes: 10 });
  assert.equal(path.dirname(staged.path), path.join(dir, 'tmp'));
  const key = newBlobKey();
  await staged.commit(key);
  const file = path.join(dir, key.slice(0, 2), key);
  assert.equal(store.pathOf(key), file);
  const st = await stat(file);
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal(st.size, 5);
  assert.equal((await stat(path.join(dir, 'tmp'))).mode & 0o777, 0o700);
});

test('a failed commit leaves the staged file in place so it can be retried or discarded', async (t) => {
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = createLocalBlobStore(dir);
  const staged = await store.stage(streamOf(Buffer.from('keep me')), { maxBytes: 100 });
  const key = `zz${newBlobKey().slice(2)}`;
  await writeFile(path.join(dir, 'zz'), 'a file where the shard folder should be');
  await assert.rejects(staged.commit(key));
  assert.equal((await stat(staged.path)).size, 7);
  await rm(path.join(dir, 'zz'));
  await staged.commit(key);
  assert.equal((await readAll(await store.get(key))).toString(), 'keep me');
});

test('openBlobStore("local") gives a working local store', async (t) => {
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await openBlobStore({ kind: 'local', dir });
  const key = newBlobKey();
  await (await store.stage(streamOf(Buffer.from('x')), { maxBytes: 1 })).commit(key);
  assert.equal(await store.exists(key), true);
  await store.close();
});

test('staging 100 MB streams at constant memory', async (t) => {
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = createLocalBlobStore(dir);
  const total = 100 * 1024 * 1024;
  const chunk = randomBytes(64 * 1024);
  const source = Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
    })(),
    { objectMode: false, highWaterMark: chunk.length },
  );
  global.gc?.();
  const rss0 = process.memoryUsage.rss();
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const t0 = performance.now();
  const staged = await store.stage(source, { maxBytes: total });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const deltaMb = (peak - rss0) / 1024 / 1024;
  t.diagnostic(`staged 100 MB in ${ms.toFixed(0)} ms (${(100 / (ms / 1000)).toFixed(0)} MB/s incl. sha256 + fsync), peak RSS delta ${deltaMb.toFixed(1)} MB`);
  assert.equal(staged.size, total);
  assert.equal((await stat(staged.path)).size, total);
  assert.ok(deltaMb < 50, `RSS grew by ${deltaMb.toFixed(1)} MB while staging 100 MB`);
  const expected = createHash('sha256');
  for (let sent = 0; sent < total; sent += chunk.length) expected.update(chunk);
  assert.equal(staged.sha256, expected.digest('hex'));
  await staged.discard();
  assert.deepEqual(await partFiles(store.stagingDir), []);
});
