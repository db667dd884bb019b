// The BlobStore contract, run by each implementation's test file against a real backend.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { BlobNotFoundError, BlobTooLargeError, InvalidBlobKeyError, newBlobKey } from './blob-store.ts';
import type { BlobStore } from './blob-store.ts';

export interface ContractSubject {
  store: BlobStore;
  /** The local folder stage() writes into. */
  stagingDir: string;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

export const INVALID_KEYS: readonly unknown[] = [
  '',
  'short',
  '../../../etc/passwd',
  '..%2f..%2fetc',
  'abc/def/ghi',
  'abcdefgh\\x',
  'ABCDEFGH-1234',
  'abcdefgh.pdf',
  'abcdefgh\u0000x',
  ' abcdefgh',
  'a'.repeat(81),
  '申请表申请表申请表申请表',
  undefined,
  42,
];

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A byte stream over `bytes` in CHUNK-sized pieces, with no read-ahead beyond one chunk. */
export function streamOf(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
    })(),
    { objectMode: false, highWaterMark: CHUNK },
  );
}

/** The `.part` files in the staging folder, with their sizes. */
export async function partFiles(dir: string): Promise<{ name: string; size: number }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: { name: string; size: number }[] = [];
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    try {
      out.push({ name, size: (await stat(path.join(dir, name))).size });
    } catch {
      // removed while listing
    }
  }
  return out;
}

export function describeBlobStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: BlobStore;
    before(async () => {
      subject = await open();
      store = subject.store;
    });
    after(async () => {
      await subject.cleanup();
    });

    test('round trip: bytes, size and sha256 match; the staged file is gone after commit', async () => {
      const bytes = randomBytes(11 * MiB + 17); // more than two S3 parts
      const staged = await store.stage(streamOf(bytes), { maxBytes: 20 * MiB });
      assert.equal(staged.size, bytes.length);
      assert.equal(staged.sha256, sha256(bytes));
      assert.equal((await stat(staged.path)).size, bytes.length);
      assert.equal((await stat(staged.path)).mode & 0o777, 0o600);
      assert.ok(staged.path.startsWith(subject.stagingDir + path.sep));
      const key = newBlobKey();
      assert.equal(await store.exists(key), false);
      await staged.commit(key);
      assert.equal(await store.exists(key), true);
      await assert.rejects(stat(staged.path), { code: 'ENOENT' });
      const back = await readAll(await store.get(key));
      assert.equal(back.length, bytes.length);
      assert.equal(sha256(back), sha256(bytes));
      assert.deepEqual(await readAll(await store.readRange(key, 10, 19)), bytes.subarray(10, 20));
      assert.deepEqual(await readAll(await store.readRange(key, bytes.length - 3, bytes.length - 1)), bytes.subarray(-3));
      await store.delete(key);
    });

    test('an empty stream stages and commits as zero bytes', async () => {
      const staged = await store.stage(Readable.from([]), { maxBytes: 10 });
      assert.equal(staged.size, 0);
      assert.equal(staged.sha256, sha256(new Uint8Array()));
      const key = newBlobKey();
      await staged.commit(key);
      assert.equal((await readAll(await store.get(key))).length, 0);
      await store.delete(key);
    });

    test('exactly maxBytes is accepted, one byte more is refused', async () => {
      const ok = await store.stage(streamOf(randomBytes(256 * 1024)), { maxBytes: 256 * 1024 });
      assert.equal(ok.size, 256 * 1024);
      await ok.discard();
      await assert.rejects(store.stage(streamOf(randomBytes(256 * 1024 + 1)), { maxBytes: 256 * 1024 }), BlobTooLargeError);
      assert.deepEqual(await partFiles(subject.stagingDir), []);
    });

    test('the size limit holds while streaming: the file never exceeds it and is removed', async () => {
      const limit = MiB;
      let pulled = 0;
      let largestOnDisk = 0;
      const dir = subject.stagingDir;
      async function* endless() {
        for (let i = 0; i < 16 * 1024; i++) {
          // Observe the disk before handing out each chunk: 16k chunks would be 1 GiB.
          for (const f of await partFiles(dir)) largestOnDisk = Math.max(largestOnDisk, f.size);
          pulled += 1;
          yield randomBytes(CHUNK);
        }
      }
      const source = Readable.from(endless(), { objectMode: false, highWaterMark: CHUNK });
      const error = await store.stage(source, { maxBytes: limit }).then(
        () => assert.fail('stage accepted an oversized stream'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BlobTooLargeError);
      assert.equal(error.limitBytes, limit);
      assert.ok(largestOnDisk <= limit, `staged file reached ${largestOnDisk} bytes`);
      assert.ok(largestOnDisk >= limit - 3 * CHUNK, 'the observation saw the file grow');
      assert.ok(pulled <= limit / CHUNK + 3, `pulled ${pulled} chunks for a ${limit / CHUNK}-chunk limit`);
      assert.ok(source.destroyed, 'the source is destroyed');
      assert.deepEqual(await partFiles(dir), []);
    });

    test('a source that errors midway (client disconnect) leaves nothing', async () => {
      const source = new Readable({ read() {} });
      source.push(randomBytes(300 * 1024));
      setTimeout(() => source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 20);
      await assert.rejects(store.stage(source, { maxBytes: 10 * MiB }), { message: 'aborted' });
      assert.deepEqual(await partFiles(subject.stagingDir), []);
    });

    test('an HTTP client that disconnects mid-upload leaves nothing', async () => {
      let outcome!: Promise<unknown>;
      let arrived!: () => void;
      const firstBytes = new Promise<void>((resolve) => (arrived = resolve));
      const server = http.createServer((req, res) => {
        req.once('data', () => arrived());
        outcome = store.stage(req, { maxBytes: 50 * MiB }).then(
          async (staged) => {
            await staged.discard();
            res.end();
            return 'staged';
          },
          (e: unknown) => e,
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const client = http.request({ port, host: '127.0.0.1', method: 'PUT', headers: { 'content-length': String(20 * MiB) } });
        client.on('error', () => undefined);
        client.write(randomBytes(512 * 1024));
        await firstBytes;
        assert.ok((await partFiles(subject.stagingDir)).length <= 1);
        client.destroy();
        const result = await outcome;
        assert.ok(result instanceof Error, `expected an error, got ${String(result)}`);
        assert.deepEqual(await partFiles(subject.stagingDir), []);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    test('invalid keys are refused everywhere; the staged file survives a refused commit', async () => {
      const staged = await store.stage(streamOf(Buffer.from('%PDF-1.7 test')), { maxBytes: 1024 });
      for (const key of INVALID_KEYS) {
        const k = key as string;
        await assert.rejects(staged.commit(k), InvalidBlobKeyError, `commit(${JSON.stringify(key)})`);
        await assert.rejects(store.get(k), InvalidBlobKeyError);
        await assert.rejects(store.readRange(k, 0, 1), InvalidBlobKeyError);
        await assert.rejects(store.exists(k), InvalidBlobKeyError);
        await assert.rejects(store.delete(k), InvalidBlobKeyError);
      }
      assert.equal((await stat(staged.path)).size, 13);
      const key = newBlobKey();
      await staged.commit(key);
      assert.equal((await readAll(await store.get(key))).toString(), '%PDF-1.7 test');
      await store.delete(key);
    });

    test('a missing key: get throws BlobNotFoundError, exists is false', async () => {
      const key = newBlobKey();
      await assert.rejects(store.get(key), BlobNotFoundError);
      await assert.rejects(store.readRange(key, 0, 0), BlobNotFoundError);
      assert.equal(await store.exists(key), false);
    });

    test('delete is idempotent', async () => {
      const key = newBlobKey();
      await store.delete(key);
      await (await store.stage(streamOf(Buffer.from('x')), { maxBytes: 1 })).commit(key);
      await store.delete(key);
      await store.delete(key);
      assert.equal(await store.exists(key), false);
      await assert.rejects(store.get(key), BlobNotFoundError);
    });

    test('discard is idempotent; commit after discard fails; discard after commit keeps the blob', async () => {
      const a = await store.stage(streamOf(Buffer.from('aaa')), { maxBytes: 10 });
      await a.discard();
      await a.discard();
      await assert.rejects(stat(a.path), { code: 'ENOENT' });
      await assert.rejects(a.commit(newBlobKey()), /discarded/);

      const b = await store.stage(streamOf(Buffer.from('bbb')), { maxBytes: 10 });
      const key = newBlobKey();
      await b.commit(key);
      await b.discard();
      await assert.rejects(b.commit(newBlobKey()), /committed/);
      assert.equal((await readAll(await store.get(key))).toString(), 'bbb');
      await store.delete(key);
    });

    test('parallel stages do not interfere', async () => {
      const inputs = Array.from({ length: 6 }, (_, i) => randomBytes(200 * 1024 + i));
      const staged = await Promise.all(inputs.map((b) => store.stage(streamOf(b), { maxBytes: MiB })));
      const keys = inputs.map(() => newBlobKey());
      await Promise.all(staged.map((s, i) => s.commit(keys[i]!)));
      for (const [i, key] of keys.entries()) {
        assert.equal(sha256(await readAll(await store.get(key))), sha256(inputs[i]!));
        await store.delete(key);
      }
    });

    test('sweepStale removes only old .part files', async () => {
      const old = await store.stage(streamOf(Buffer.from('old')), { maxBytes: 10 });
      const fresh = await store.stage(streamOf(Buffer.from('fresh')), { maxBytes: 10 });
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      await utimes(old.path, twoHoursAgo, twoHoursAgo);
      const other = path.join(subject.stagingDir, 'README.txt');
      await writeFile(other, 'not a staging file');
      await utimes(other, twoHoursAgo, twoHoursAgo);

      assert.equal(await store.sweepStale(3_600_000), 1);
      await assert.rejects(stat(old.path), { code: 'ENOENT' });
      assert.equal((await stat(fresh.path)).size, 5);
      assert.equal((await stat(other)).size, 18);
      await old.discard(); // the sweeper got there first: still fine

      const key = newBlobKey();
      await fresh.commit(key);
      assert.equal((await readAll(await store.get(key))).toString(), 'fresh');
      assert.equal(await store.sweepStale(3_600_000), 0);
      await store.delete(key);
    });

    test('listCommitted lists committed blobs by age, never staged ones', async () => {
      const keys = [newBlobKey(), newBlobKey()];
      for (const key of keys) await (await store.stage(streamOf(Buffer.from(key)), { maxBytes: 100 })).commit(key);
      const staged = await store.stage(streamOf(Buffer.from('staged')), { maxBytes: 100 });
      const listed = async (olderThanMs: number) => {
        const out: string[] = [];
        for await (const key of store.listCommitted(olderThanMs)) out.push(key);
        return out;
      };
      await new Promise((r) => setTimeout(r, 5));
      const all = await listed(0);
      for (const key of keys) assert.ok(all.includes(key), `${key} listed`);
      assert.equal(all.length, new Set(all).size, 'each key once');
      assert.deepEqual((await listed(3_600_000)).filter((k) => keys.includes(k)), [], 'written just now: not older than an hour');
      await staged.discard();
      for (const key of keys) await store.delete(key);
      assert.deepEqual((await listed(0)).filter((k) => keys.includes(k)), []);
    });
  });
}
