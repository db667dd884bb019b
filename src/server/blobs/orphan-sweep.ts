import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findNamedBlobKeys } from './blob-references.repository.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * A committed blob no row names is what a crash between committing a blob and committing its
 * row leaves behind (QUALITY.md §3.3, R11). An upload or a document takes seconds; a day is
 * far beyond any of them, so a younger blob may still be about to get its row.
 */
export const ORPHAN_AGE_MS = 24 * 3_600_000;
const BATCH = 500;

/**
 * Delete committed blobs older than `olderThanMs` that no row names; returns how many. Safe on
 * several instances at once (deleting twice is fine) and against a store shared by nothing
 * else: a blob store belongs to one database.
 */
export async function sweepOrphanBlobs(deps: { db: Kysely<DB>; blobs: BlobStore }, olderThanMs = ORPHAN_AGE_MS): Promise<number> {
  const { db, blobs } = deps;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const keys = batch;
    batch = [];
    if (keys.length === 0) return;
    const named = await findNamedBlobKeys(db, keys);
    for (const key of keys) {
      if (named.has(key)) continue;
      await blobs.delete(key);
      removed += 1;
    }
  };
  for await (const key of blobs.listCommitted(olderThanMs)) {
    batch.push(key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return removed;
}
