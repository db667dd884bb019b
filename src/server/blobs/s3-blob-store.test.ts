import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { newBlobKey } from './blob-store.ts';
import { describeBlobStoreContract, readAll, sha256, streamOf } from './blob-store.contract.ts';
import { openBlobStore } from './open-blob-store.ts';
import { createS3BlobStore } from './s3-blob-store.ts';
import type { S3BlobStoreOptions } from './s3-blob-store.ts';

// A real S3-compatible server (s3rver, in-process over loopback HTTP). No skip path: if it cannot
// start, these tests fail.
const BUCKET = 'zizhi-test';

async function startS3(): Promise<{ options: S3BlobStoreOptions; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zizhi-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 'data'), configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  return {
    options: {
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: BUCKET,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      stagingDir: path.join(dir, 'staging'),
      partSizeBytes: 5 * 1024 * 1024,
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describeBlobStoreContract('S3-compatible (s3rver)', async () => {
  const s3 = await startS3();
  const store = createS3BlobStore(s3.options);
  return {
    store,
    stagingDir: store.stagingDir,
    async cleanup() {
      await store.close();
      await s3.stop();
    },
  };
});

test('S3: objects live under the prefix and carry their sha256 as metadata', async (t) => {
  const s3 = await startS3();
  const store = createS3BlobStore({ ...s3.options, prefix: 'attachments/' });
  const client = new S3Client({
    endpoint: s3.options.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  t.after(async () => {
    client.destroy();
    await store.close();
    await s3.stop();
  });
  const bytes = Buffer.from('%PDF-1.7 scanned');
  const key = newBlobKey();
  await (await store.stage(streamOf(bytes), { maxBytes: 100 })).commit(key);
  const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `attachments/${key}` }));
  assert.equal(head.ContentLength, bytes.length);
  assert.equal(head.Metadata?.sha256, sha256(bytes));
  assert.equal((await readAll(await store.get(key))).toString(), '%PDF-1.7 scanned');
});

test('openBlobStore("s3") loads the S3 store on demand', async (t) => {
  const s3 = await startS3();
  const store = await openBlobStore({ kind: 's3', ...s3.options });
  t.after(async () => {
    await store.close();
    await s3.stop();
  });
  const key = newBlobKey();
  await (await store.stage(streamOf(Buffer.from('y')), { maxBytes: 1 })).commit(key);
  assert.equal(await store.exists(key), true);
  await store.delete(key);
  assert.equal(await store.exists(key), false);
});
