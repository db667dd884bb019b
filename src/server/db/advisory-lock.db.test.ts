import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../../test/support/db.ts';
import { openDatabase } from './database.ts';
import { withJobLock } from './advisory-lock.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase({ migrate: false });
});
after(() => database.dispose());

test('a job runs in one instance at a time; the lock is released afterwards', { skip: TEST_BACKEND === 'pglite' && 'the embedded database runs in one process only' }, async () => {
  const other = await openDatabase({ kind: 'postgres', url: database.url!, poolMax: 2 });
  try {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = withJobLock(database.db, 'postgres', 42, async () => {
      await held;
      return 'ran';
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await withJobLock(other.db, 'postgres', 42, async () => 'second'), undefined, 'another instance skips while it runs');
    release();
    assert.equal(await first, 'ran');
    assert.equal(await withJobLock(other.db, 'postgres', 42, async () => 'second'), 'second', 'free again');
  } finally {
    await other.close();
  }
});

test('on the embedded database the job just runs', async () => {
  assert.equal(await withJobLock(database.db, 'pglite', 42, async () => 'ran'), 'ran');
});
