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

test('the register migration turns cases already decided into holdings', async () => {
  const db = database.db;
  // Back to the schema before the register, with a decided case of each kind as the old code left them.
  const names = Object.keys(migrations);
  const registerAt = names.indexOf('2026-12-06T00-00-00_create-register');
  for (let i = names.length - 1; i >= registerAt; i--) await migrateDown(db);
  const account = crypto.randomUUID();
  await sql`insert into accounts (id, issuer, subject, kind, display_name) values (${account}, 'x', 'y', 'legal', '北京迁移测试有限公司')`.execute(db);
  const insertCase = async (item: string, applicant: object, content: object) => {
    const id = crypto.randomUUID();
    await sql`insert into applications (id, account_id, item, number, application_type, data, status, is_open, created_at, updated_at, submitted_at, outcome)
      values (${id}, ${account}, ${item}, ${`N${id.slice(0, 8)}`}, 'first', ${JSON.stringify({ applicant, content })}::jsonb, 'closed', false, now(), now(), now(), 'approved')`.execute(db);
    return id;
  };
  const doc = async (applicationId: string, kind: string, number: string, status: string, validUntil: string, issuedAt: string) => {
    await sql`insert into issued_documents (id, application_id, kind, number, verification_code, title, content, issued_at, status)
      values (${crypto.randomUUID()}, ${applicationId}, ${kind}, ${number}, ${number}, '资质证书', ${JSON.stringify({ public: { validUntil } })}::jsonb, ${issuedAt}, ${status})`.execute(db);
  };
  const firm = { orgName: '北京迁移测试有限公司', uscc: '911301007454005196', registeredAddress: '北京市海淀区示范路2号' };
  const older = await insertCase('survey-b', firm, { qualifications: ['B202B'] });
  await doc(older, 'qualification-certificate', 'B111000001', 'superseded', '2029-01-01', '2024-01-02T02:00:00Z');
  const newer = await insertCase('survey-b', firm, { qualifications: ['B201B', 'B203B'] });
  await doc(newer, 'qualification-certificate', 'B111000002', 'valid', '2030-05-31', '2025-06-01T02:00:00Z');
  const engineer = await insertCase('struct-eng-2', { applicantName: '张迁移', idNumber: '11010519491231002X', employer: '北京示范设计院' }, {});
  await doc(engineer, 'registration-certificate', 'S211250000001', 'valid', '2028-03-31', '2025-04-01T02:00:00Z');

  await migrateToLatest(db);
  const certs = await db.selectFrom('registerCertificates').selectAll().orderBy('item').execute();
  assert.deepEqual(
    certs.map((c) => [c.item, c.holderKind, c.holderId, c.number, c.validFrom, c.validUntil, c.status, c.origin, c.employer]),
    [
      ['struct-eng-2', 'engineer', '11010519491231002X', 'S211250000001', '2025-04-01', '2028-03-31', 'valid', 'migration', '北京示范设计院'],
      ['survey-b', 'enterprise', '911301007454005196', 'B111000002', '2025-06-01', '2030-05-31', 'valid', 'migration', null],
    ],
  );
  const holdings = await db.selectFrom('registerHoldings').select('code').where('certificateId', '=', certs[1]!.id).orderBy('code').execute();
  assert.deepEqual(holdings.map((h) => h.code), ['B201B', 'B203B'], 'the current certificate’s qualifications');
  const docs = await db.selectFrom('issuedDocuments').select(['number', 'registerCertificateId']).where('kind', '=', 'qualification-certificate').orderBy('number').execute();
  assert.deepEqual(docs.map((d) => d.registerCertificateId), [certs[1]!.id, certs[1]!.id], 'the earlier certificate belongs to the same register entry');
});
