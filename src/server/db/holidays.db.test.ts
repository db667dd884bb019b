import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import * as migration from './migrations/2026-11-27T22-00-00_create-holidays.ts';
import { HOLIDAY_YEARS, createCalendar, type CalendarEntry } from '../../domain/calendar/index.ts';

// The holidays migration on its own (it depends on no other table): its frozen seed must equal
// the bundled data, its constraints must hold, and down must undo up.

let database: TestDatabase;
let db: Kysely<any>;
before(async () => {
  database = await createTestDatabase({ migrate: false });
  db = database.db as Kysely<any>;
});
after(async () => {
  await database?.dispose();
});

interface Row extends CalendarEntry {
  source: string;
}

async function rows(): Promise<Row[]> {
  const result = await sql<Row>`select to_char(date, 'YYYY-MM-DD') as date, kind, name, source from holidays order by date`.execute(db);
  return result.rows;
}

async function tableExists(): Promise<boolean> {
  const result = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'holidays'`.execute(db);
  return result.rows[0]?.n === 1;
}

test('up creates holidays seeded with exactly the bundled published years', async () => {
  await migration.up(db);
  const expected = HOLIDAY_YEARS.filter((y) => y.published).flatMap((y) => y.entries.map((e) => ({ ...e, source: y.source })));
  assert.deepEqual(await rows(), expected);
  assert.equal(expected.length, 72);
  const [{ n } = { n: 0 }] = (await sql<{ n: number }>`select count(*)::int as n from holidays where date >= '2027-01-01'`.execute(db)).rows;
  assert.equal(n, 0, '2027 is not seeded');
});

test('a calendar built from the table rows agrees with the bundled one', async () => {
  const fromTable = createCalendar((await rows()).map(({ date, kind, name }) => ({ date, kind, name })));
  assert.equal(fromTable.addWorkingDays('2025-01-20', 20), '2025-02-21');
  assert.equal(fromTable.addWorkingDays('2026-09-18', 12), '2026-10-12');
  assert.equal(fromTable.isYearPublished(2026), true);
  assert.equal(fromTable.isYearPublished(2027), false);
});

test('constraints: one row per date, kind checked, updated_at defaulted', async () => {
  await assert.rejects(
    sql`insert into holidays (date, kind, name, source) values ('2025-01-01', 'holiday', '元旦', 'x')`.execute(db),
    (error: { code?: string }) => error.code === '23505',
  );
  await assert.rejects(
    sql`insert into holidays (date, kind, name, source) values ('2027-01-01', 'vacation', '元旦', 'x')`.execute(db),
    (error: { code?: string }) => error.code === '23514',
  );
  await assert.rejects(
    sql`insert into holidays (date, kind, source) values ('2027-01-01', 'holiday', 'x')`.execute(db),
    (error: { code?: string }) => error.code === '23502',
  );
  await sql`insert into holidays (date, kind, name, source) values ('2027-01-01', 'holiday', '元旦', 'test')`.execute(db);
  const [row] = (await sql<{ stamped: boolean }>`select updated_at is not null as stamped from holidays where date = '2027-01-01'`.execute(db)).rows;
  assert.equal(row?.stamped, true);
});

test('down drops the table; up again re-seeds it', async () => {
  await migration.down(db);
  assert.equal(await tableExists(), false);
  await migration.up(db);
  assert.equal((await rows()).length, 72);
  await migration.down(db);
  assert.equal(await tableExists(), false);
});
