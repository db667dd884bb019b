import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/support/app.ts';
import { TEST_BACKEND } from '../../test/support/db.ts';

test('/healthz answers 200 without touching the database', async () => {
  const t = await buildTestApp();
  try {
    const res = await t.app.inject('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  } finally {
    await t.close();
  }
});

test('/readyz answers 200 with the database kind, and 503 once the database is gone', async () => {
  const t = await buildTestApp();
  try {
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', database: TEST_BACKEND });

    await t.database.close();
    const gone = await t.app.inject('/readyz');
    assert.equal(gone.statusCode, 503);
    assert.deepEqual(gone.json(), { status: 'unavailable', database: TEST_BACKEND });

    const live = await t.app.inject('/healthz');
    assert.equal(live.statusCode, 200, 'liveness does not depend on the database');
  } finally {
    await t.close(); // closes the database a second time: must not throw
  }
});
