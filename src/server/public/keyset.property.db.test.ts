import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { listBatches, type BatchKey, type PublicBatch } from './notices.repository.ts';

// The public columns page with a keyset on (published_at, id). Whatever the batches — many
// published in the same instant, a draft among them — and whatever the page size, paging forward
// shows every public batch exactly once, newest first, and paging back from the end retraces it.

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.dispose();
});

const INSTANTS = ['2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.001Z', '2026-05-20T08:30:00.000Z', '2026-11-27T02:00:00.000Z'];

const batches = fc.array(fc.record({ at: fc.constantFrom(...INSTANTS), status: fc.constantFrom('published', 'published', 'closed', 'draft') }), { minLength: 0, maxLength: 30 });

const keyOf = (b: PublicBatch): BatchKey => ({ at: b.key, id: b.id });

test('keyset pages of the public columns cover each batch exactly once, both ways', async () => {
  const db = database.db;
  let seq = 0;
  await fc.assert(
    fc.asyncProperty(batches, fc.integer({ min: 1, max: 7 }), async (rows, size) => {
      await db.deleteFrom('noticeBatches').where('kind', '=', 'announcement').execute();
      const made = rows.map((r) => ({ id: randomUUID(), ...r }));
      if (made.length > 0) {
        await db
          .insertInto('noticeBatches')
          .values(made.map((r) => ({ id: r.id, kind: 'announcement' as const, year: 2026, seq: ++seq, title: `公告${seq}`, body: '正文', status: r.status as 'published', publishedAt: new Date(r.at) })))
          .execute();
      }
      const expected = made
        .filter((r) => r.status !== 'draft')
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .map((r) => r.id);

      const forward: PublicBatch[] = [];
      for (let after: BatchKey | undefined, guard = 0; guard < 100; guard++) {
        const page = await listBatches(db, { kind: 'announcement' }, { limit: size, ...(after ? { after } : {}) });
        forward.push(...page);
        if (page.length < size) break;
        after = keyOf(page.at(-1)!);
      }
      assert.deepEqual(
        forward.map((b) => b.id),
        expected,
      );

      // Back from past the oldest, as the 上一页 link reads: each page comes oldest first.
      const backward: string[] = [];
      if (forward.length > 0) {
        let before: BatchKey = keyOf(forward.at(-1)!);
        backward.push(before.id);
        for (let guard = 0; guard < 100; guard++) {
          const page = await listBatches(db, { kind: 'announcement' }, { limit: size, before });
          backward.unshift(...page.map((b) => b.id).reverse());
          if (page.length < size) break;
          before = keyOf(page.at(-1)!);
        }
      }
      assert.deepEqual(backward, expected);
    }),
    { numRuns: 40 },
  );
});
