import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { migrateDown, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

/** Tables the foundation creates; later migrations may add more, never remove these. */
const FOUNDATION_TABLES = ['accounts', 'app_secrets', 'audit_log', 'idp_login_failures', 'idp_store', 'idp_users', 'sessions'];

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase({ migrate: false });
});
after(async () => {
  await database?.dispose();
});

async function appTables(): Promise<string[]> {
  const { rows } = await sql<{ tableName: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(database.db);
  return rows.map((r) => r.tableName);
}

test('migrations run up → down → up on an empty database, and a second up is a no-op', async () => {
  assert.deepEqual(await appTables(), [], 'the database starts empty');
  const names = Object.keys(migrations);

  const first = await migrateToLatest(database.db);
  assert.deepEqual(first, names.map((n) => `Up ${n}: Success`), 'every migration ran, in order');
  const tables = await appTables();
  for (const table of FOUNDATION_TABLES) assert.ok(tables.includes(table), `table ${table} exists`);

  for (const name of [...names].reverse()) {
    assert.deepEqual(await migrateDown(database.db), [`Down ${name}: Success`]);
  }
  assert.deepEqual(await appTables(), [], 'down removes every table the migrations created');

  assert.deepEqual(await migrateToLatest(database.db), names.map((n) => `Up ${n}: Success`));
  assert.deepEqual(await appTables(), tables, 'up again re-creates the same tables');

  assert.deepEqual(await migrateToLatest(database.db), [], 'nothing left to run');
  assert.deepEqual(await appTables(), tables);
});

test('the re-created schema is usable and enforces its constraints', async () => {
  const user = { id: crypto.randomUUID(), kind: 'legal' as const, uscc: '911301007454005196', mobile: '13812345678', passwordHash: 'x', profile: '{}', roles: '[]' };
  await database.db.insertInto('idpUsers').values(user).execute();
  await assert.rejects(
    database.db.insertInto('idpUsers').values({ ...user, id: crypto.randomUUID(), mobile: '13812345679' }).execute(),
    (error: { code?: string }) => error.code === '23505',
    'a second account with the same 统一社会信用代码 violates the unique index',
  );
  await assert.rejects(
    database.db.insertInto('idpUsers').values({ ...user, id: crypto.randomUUID(), uscc: null, mobile: '13812345670', kind: 'robot' as never }).execute(),
    (error: { code?: string }) => error.code === '23514',
    'kind is restricted by a check constraint',
  );
});
