import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobTooLargeError, assertBlobKey } from './blob-store.ts';
import type { StagedBlob } from './blob-store.ts';

/** Staging files end in `.part`; anything else in the staging folder is left alone. */
const PART_SUFFIX = '.part';

export interface StagedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Spool `source` into `<dir>/<uuid>.part` (mode 0600), hashing as it goes. A chunk that would
 * take the file past `maxBytes` is never written: the file is removed and BlobTooLargeError
 * thrown, so the limit holds on disk at every moment, not only at the end. A source error
 * removes the file too. The bytes are fsynced before this resolves.
 */
export async function stageToFile(source: Readable, dir: string, maxBytes: number): Promise<StagedFile> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    source.destroy();
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  const file = path.join(dir, `${randomUUID()}${PART_SUFFIX}`);
  let handle: FileHandle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    source.destroy();
    throw error;
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    // for-await pulls one chunk at a time, so backpressure reaches the socket; leaving the loop
    // by a throw destroys the source.
    for await (const chunk of source) {
      const bytes = toBytes(chunk);
      size += bytes.length;
      if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
      hash.update(bytes);
      let written = 0;
      while (written < bytes.length) {
        const r = await handle.write(bytes, written, bytes.length - written);
        written += r.bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
  } catch (error) {
    source.destroy();
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
  return { path: file, size, sha256: hash.digest('hex') };
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('stage() needs a byte stream, not an object-mode stream');
}

/**
 * The commit/discard state machine shared by every store: `promote(path, key)` moves the staged
 * file into place and must leave it where it was if it fails, so the caller can still discard.
 */
export function toStagedBlob(file: StagedFile, promote: (stagedPath: string, key: string) => Promise<void>): StagedBlob {
  let state: 'staged' | 'committing' | 'committed' | 'discarded' = 'staged';
  return {
    path: file.path,
    size: file.size,
    sha256: file.sha256,
    async commit(key) {
      assertBlobKey(key);
      if (state !== 'staged') throw new Error(`cannot commit a staged blob that is ${state}`);
      state = 'committing';
      try {
        await promote(file.path, key);
        state = 'committed';
      } catch (error) {
        state = 'staged';
        throw error;
      }
    },
    async discard() {
      if (state === 'committed' || state === 'discarded') return;
      if (state === 'committing') throw new Error('cannot discard a staged blob while it is being committed');
      state = 'discarded';
      await rm(file.path, { force: true });
    },
  };
}

/** Remove `.part` files in `dir` whose last write is older than `olderThanMs`; returns the count. */
export async function sweepStaleParts(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(PART_SUFFIX)) continue;
    const file = path.join(dir, name);
    try {
      // An upload in progress keeps touching its file, so only stalled or orphaned ones qualify.
      if (now - (await stat(file)).mtimeMs < olderThanMs) continue;
      await rm(file);
      removed += 1;
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error; // finished or discarded meanwhile
    }
  }
  return removed;
}

/** Create `dir` (mode 0700) once; later calls share the first attempt's outcome. */
export function ensureDirOnce(dir: string): () => Promise<void> {
  let made: Promise<void> | undefined;
  return () => {
    made ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (error: unknown) => {
        made = undefined;
        throw error;
      },
    );
    return made;
  };
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
