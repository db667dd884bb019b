import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The working-day calendar (行政许可法第八十二条：期限以工作日计算，不含法定节假日): public holidays
// and make-up working days (调休上班) as announced by the State Council General Office. A weekday is
// a working day unless listed as 'holiday'; a Saturday or Sunday is not unless listed as 'workday'.
// Seeded with 2025 and 2026 (a frozen copy of src/domain/calendar/holidays.ts as of this migration);
// 2027 was not yet available and is left for staff to enter. Later years are edited in the app.

const SOURCE_2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）';
const SOURCE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）';

/** [date, kind, name, source] */
const ROWS: ReadonlyArray<readonly [string, 'holiday' | 'workday', string, string]> = [
  ['2025-01-01', 'holiday', '元旦', SOURCE_2025],
  ['2025-01-26', 'workday', '春节', SOURCE_2025],
  ['2025-01-28', 'holiday', '春节', SOURCE_2025],
  ['2025-01-29', 'holiday', '春节', SOURCE_2025],
  ['2025-01-30', 'holiday', '春节', SOURCE_2025],
  ['2025-01-31', 'holiday', '春节', SOURCE_2025],
  ['2025-02-01', 'holiday', '春节', SOURCE_2025],
  ['2025-02-02', 'holiday', '春节', SOURCE_2025],
  ['2025-02-03', 'holiday', '春节', SOURCE_2025],
  ['2025-02-04', 'holiday', '春节', SOURCE_2025],
  ['2025-02-08', 'workday', '春节', SOURCE_2025],
  ['2025-04-04', 'holiday', '清明节', SOURCE_2025],
  ['2025-04-05', 'holiday', '清明节', SOURCE_2025],
  ['2025-04-06', 'holiday', '清明节', SOURCE_2025],
  ['2025-04-27', 'workday', '劳动节', SOURCE_2025],
  ['2025-05-01', 'holiday', '劳动节', SOURCE_2025],
  ['2025-05-02', 'holiday', '劳动节', SOURCE_2025],
  ['2025-05-03', 'holiday', '劳动节', SOURCE_2025],
  ['2025-05-04', 'holiday', '劳动节', SOURCE_2025],
  ['2025-05-05', 'holiday', '劳动节', SOURCE_2025],
  ['2025-05-31', 'holiday', '端午节', SOURCE_2025],
  ['2025-06-01', 'holiday', '端午节', SOURCE_2025],
  ['2025-06-02', 'holiday', '端午节', SOURCE_2025],
  ['2025-09-28', 'workday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-01', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-02', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-03', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-04', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-05', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-06', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-07', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-08', 'holiday', '国庆节、中秋节', SOURCE_2025],
  ['2025-10-11', 'workday', '国庆节、中秋节', SOURCE_2025],
  ['2026-01-01', 'holiday', '元旦', SOURCE_2026],
  ['2026-01-02', 'holiday', '元旦', SOURCE_2026],
  ['2026-01-03', 'holiday', '元旦', SOURCE_2026],
  ['2026-01-04', 'workday', '元旦', SOURCE_2026],
  ['2026-02-14', 'workday', '春节', SOURCE_2026],
  ['2026-02-15', 'holiday', '春节', SOURCE_2026],
  ['2026-02-16', 'holiday', '春节', SOURCE_2026],
  ['2026-02-17', 'holiday', '春节', SOURCE_2026],
  ['2026-02-18', 'holiday', '春节', SOURCE_2026],
  ['2026-02-19', 'holiday', '春节', SOURCE_2026],
  ['2026-02-20', 'holiday', '春节', SOURCE_2026],
  ['2026-02-21', 'holiday', '春节', SOURCE_2026],
  ['2026-02-22', 'holiday', '春节', SOURCE_2026],
  ['2026-02-23', 'holiday', '春节', SOURCE_2026],
  ['2026-02-28', 'workday', '春节', SOURCE_2026],
  ['2026-04-04', 'holiday', '清明节', SOURCE_2026],
  ['2026-04-05', 'holiday', '清明节', SOURCE_2026],
  ['2026-04-06', 'holiday', '清明节', SOURCE_2026],
  ['2026-05-01', 'holiday', '劳动节', SOURCE_2026],
  ['2026-05-02', 'holiday', '劳动节', SOURCE_2026],
  ['2026-05-03', 'holiday', '劳动节', SOURCE_2026],
  ['2026-05-04', 'holiday', '劳动节', SOURCE_2026],
  ['2026-05-05', 'holiday', '劳动节', SOURCE_2026],
  ['2026-05-09', 'workday', '劳动节', SOURCE_2026],
  ['2026-06-19', 'holiday', '端午节', SOURCE_2026],
  ['2026-06-20', 'holiday', '端午节', SOURCE_2026],
  ['2026-06-21', 'holiday', '端午节', SOURCE_2026],
  ['2026-09-20', 'workday', '国庆节', SOURCE_2026],
  ['2026-09-25', 'holiday', '中秋节', SOURCE_2026],
  ['2026-09-26', 'holiday', '中秋节', SOURCE_2026],
  ['2026-09-27', 'holiday', '中秋节', SOURCE_2026],
  ['2026-10-01', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-02', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-03', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-04', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-05', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-06', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-07', 'holiday', '国庆节', SOURCE_2026],
  ['2026-10-10', 'workday', '国庆节', SOURCE_2026],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holidays')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db
    .insertInto('holidays')
    .values(ROWS.map(([date, kind, name, source]) => ({ date, kind, name, source })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holidays').execute();
}
