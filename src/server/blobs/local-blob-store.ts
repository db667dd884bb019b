import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobNotFoundError, assertBlobKey, isValidBlobKey } from './blob-store.ts';
import type { BlobStore, StagedBlob } from './blob-store.ts';
import { ensureDirOnce, isErrno, stageToFile, sweepStaleParts, toStagedBlob } from './staging.ts';

export interface LocalBlobStore extends BlobStore {
  /** Where the blob under `key` lives on disk (the key is validated first). */
  pathOf(key: string): string;
  readonly stagingDir: string;
}

/**
 * Blobs as files under `dir`: `<dir>/<first two chars of key>/<key>`, staged in `<dir>/tmp` on the
 * same filesystem so that commit is an atomic rename. Write order: temp file → fsync → rename →
 * fsync directory (QUALITY.md §2.2 step 8); the database row is written after commit resolves.
 */
export function createLocalBlobStore(dir: string): LocalBlobStore {
  const root = path.resolve(dir);
  const stagingDir = path.join(root, 'tmp');
  const ensureStaging = ensureDirOnce(stagingDir);

  const pathOf = (key: string): string => {
    assertBlobKey(key);
    return path.join(root, key.slice(0, 2), key);
  };

  async function promote(stagedPath: string, key: string): Promise<void> {
    const target = pathOf(key);
    const shard = path.dirname(target);
    const created = await mkdir(shard, { recursive: true, mode: 0o700 });
    await rename(stagedPath, target);
    await fsyncDir(shard);
    if (created !== undefined) await fsyncDir(root); // the new shard's own directory entry
  }

  async function openExisting(key: string) {
    try {
      return await open(pathOf(key), 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  return {
    stagingDir,
    pathOf,
    async stage(source, { maxBytes }): Promise<StagedBlob> {
      try {
        await ensureStaging();
      } catch (error) {
        source.destroy();
        throw error;
      }
      return toStagedBlob(await stageToFile(source, stagingDir, maxBytes), promote);
    },
    async get(key): Promise<Readable> {
      return (await openExisting(key)).createReadStream();
    },
    async readRange(key, start, end): Promise<Readable> {
      assertRange(start, end);
      return (await openExisting(key)).createReadStream({ start, end });
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return false;
        throw error;
      }
    },
    sweepStale: (olderThanMs) => sweepStaleParts(stagingDir, olderThanMs),
    async *listCommitted(olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      const shards = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
        if (isErrno(error, 'ENOENT')) return [];
        throw error;
      });
      for (const shard of shards) {
        if (!shard.isDirectory() || shard.name.length !== 2) continue; // `tmp` is staging
        for (const name of await readdir(path.join(root, shard.name))) {
          if (!isValidBlobKey(name) || name.slice(0, 2) !== shard.name) continue;
          const info = await stat(path.join(root, shard.name, name)).catch(() => undefined);
          if (info?.isFile() && info.mtimeMs <= cutoff) yield name;
        }
      }
    },
    async close() {},
  };
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function assertRange(start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
}
