import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../app.ts';
import { createManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../../test/support/db.ts';
import { countRequest, sweepRateLimits } from './rate-limit-store.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.dispose());

describe('shared rate-limit counters', () => {
  test('a window counts from its first request, restarts when it ends, and ended windows are swept', async () => {
    const { db } = database;
    assert.deepEqual((await countRequest(db, 'k1', 60_000)).current, 1);
    assert.equal((await countRequest(db, 'k1', 60_000)).current, 2);
    const third = await countRequest(db, 'k1', 60_000);
    assert.equal(third.current, 3);
    assert.ok(third.ttl > 55_000 && third.ttl <= 60_000, `${third.ttl}`);
    assert.equal((await countRequest(db, 'k2', 60_000)).current, 1, 'keys are separate');
    // A window of 1 ms has ended by the next request.
    await countRequest(db, 'short', 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await countRequest(db, 'short', 1)).current, 1);
    await new Promise((r) => setTimeout(r, 20));
    await sweepRateLimits(db);
    const keys = (await db.selectFrom('rateLimits').select('key').execute()).map((r) => r.key).sort();
    assert.deepEqual(keys, ['k1', 'k2']);
  });

  test('two instances on one PostgreSQL database share the limit', { skip: TEST_BACKEND === 'pglite' && 'the embedded database runs in one process only' }, async () => {
    const clock = createManualClock(new Date('2026-11-27T02:00:00Z'));
    const dirs: string[] = [];
    const instance = async () => {
      const blobDir = mkdtempSync(path.join(tmpdir(), 'zizhi-rl-'));
      dirs.push(blobDir);
      const config = loadConfig({ PUBLIC_URL: 'http://zizhi.test', NODE_ENV: 'test', BLOB_DIR: blobDir });
      // Each instance has its own pool, as two processes would.
      const own = await openDatabase({ kind: 'postgres', url: database.url!, poolMax: 2 });
      const app = await createApp({ config, database: own, clock, webRoot: '/nonexistent' });
      await app.ready();
      return { app, own };
    };
    const a = await instance();
    const b = await instance();
    try {
      const verify = (app: typeof a.app) => app.inject({ method: 'GET', url: '/verify/AAAA-BBBB-CCCC-DDDD', remoteAddress: '10.9.8.7' });
      // The verification page allows 60 a minute per client.
      for (let i = 0; i < 30; i++) assert.notEqual((await verify(a.app)).statusCode, 429);
      for (let i = 0; i < 30; i++) assert.notEqual((await verify(b.app)).statusCode, 429);
      const over = await verify(b.app);
      assert.equal(over.statusCode, 429, 'the 61st request, on the second instance, is refused');
      assert.ok(Number(over.headers['retry-after']) > 0);
    } finally {
      for (const x of [a, b]) {
        await x.app.close();
        await x.own.close();
      }
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
