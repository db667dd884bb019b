import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { compiledOnce } from './compiled.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await sql`insert into holidays (date, kind, name, source) values ('2031-01-01', 'holiday', '元旦', 't'), ('2031-01-04', 'workday', '调休', 't'), ('2031-02-11', 'holiday', '春节', 't')`.execute(database.db);
});
after(() => database.dispose());

const daysOfKind = compiledOnce((db, kind: string, from: string) =>
  db.selectFrom('holidays').select(['date', 'name']).where('kind', '=', kind as 'holiday').where('date', '>=', from).where('name', '<>', '不存在').orderBy('date'),
);

test('a query compiled once answers each call with that call’s arguments, as the built query does', async () => {
  const { db } = database;
  for (const [kind, from] of [
    ['holiday', '2031-01-01'],
    ['workday', '2031-01-01'],
    ['holiday', '2031-02-01'],
    ['holiday', '2032-01-01'],
  ] as const) {
    const built = await db.selectFrom('holidays').select(['date', 'name']).where('kind', '=', kind).where('date', '>=', from).where('name', '<>', '不存在').orderBy('date').execute();
    assert.deepEqual(await daysOfKind(db, kind, from), built, `${kind} from ${from}`);
  }
  assert.deepEqual(
    (await daysOfKind(db, 'holiday', '2031-01-01')).map((r) => r.name),
    ['元旦', '春节'],
  );
  // Inside a transaction: compiled for that handle, same answers, the transaction's own view.
  await db.transaction().execute(async (tx) => {
    await sql`insert into holidays (date, kind, name, source) values ('2031-03-01', 'holiday', '在事务中', 't')`.execute(tx);
    assert.deepEqual((await daysOfKind(tx, 'holiday', '2031-02-15')).map((r) => r.name), ['在事务中']);
  });
});

test('an argument that does not reach the SQL as one bound parameter is refused at first use', async () => {
  const transformed = compiledOnce((db, note: string) => db.selectFrom('holidays').select('date').where('name', '=', `${note}!`));
  await assert.rejects(transformed(database.db, '元旦'), /not one bound parameter/);
  const twice = compiledOnce((db, note: string) => db.selectFrom('holidays').select('date').where('name', '=', note).where('kind', '=', note as 'holiday'));
  await assert.rejects(twice(database.db, '元旦'), /not one bound parameter/);
});
