import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALENDAR, HOLIDAY_YEARS, isYearPublished, weekdayOf } from './index.ts';

const cal = DEFAULT_CALENDAR;

/** Every date from `from` to `to` inclusive (the spans below are short and within one year). */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

// Expected values typed from the notices' text (国办发明电〔2024〕12号 and the 2026 notice), not from the data file.
const HOLIDAYS: Array<[year: number, from: string, to: string, name: string]> = [
  [2025, '2025-01-01', '2025-01-01', '元旦'],
  [2025, '2025-01-28', '2025-02-04', '春节'],
  [2025, '2025-04-04', '2025-04-06', '清明节'],
  [2025, '2025-05-01', '2025-05-05', '劳动节'],
  [2025, '2025-05-31', '2025-06-02', '端午节'],
  [2025, '2025-10-01', '2025-10-08', '国庆节、中秋节'],
  [2026, '2026-01-01', '2026-01-03', '元旦'],
  [2026, '2026-02-15', '2026-02-23', '春节'],
  [2026, '2026-04-04', '2026-04-06', '清明节'],
  [2026, '2026-05-01', '2026-05-05', '劳动节'],
  [2026, '2026-06-19', '2026-06-21', '端午节'],
  [2026, '2026-09-25', '2026-09-27', '中秋节'],
  [2026, '2026-10-01', '2026-10-07', '国庆节'],
];

const WORKDAYS: Array<[date: string, name: string]> = [
  ['2025-01-26', '春节'], // Sunday
  ['2025-02-08', '春节'], // Saturday
  ['2025-04-27', '劳动节'], // Sunday
  ['2025-09-28', '国庆节、中秋节'], // Sunday
  ['2025-10-11', '国庆节、中秋节'], // Saturday
  ['2026-01-04', '元旦'], // Sunday
  ['2026-02-14', '春节'], // Saturday
  ['2026-02-28', '春节'], // Saturday
  ['2026-05-09', '劳动节'], // Saturday
  ['2026-09-20', '国庆节'], // Sunday
  ['2026-10-10', '国庆节'], // Saturday
];

for (const [, from, to, name] of HOLIDAYS) {
  test(`${name} ${from} … ${to} are holidays`, () => {
    for (const date of span(from, to)) {
      assert.equal(cal.isWorkingDay(date), false, `${date} is not a working day`);
      assert.deepEqual(cal.entryOf(date), { date, kind: 'holiday', name });
    }
  });
}

for (const [date, name] of WORKDAYS) {
  test(`${date} (${['日', '一', '二', '三', '四', '五', '六'][weekdayOf(date)]}) is a make-up working day for ${name}`, () => {
    assert.ok([0, 6].includes(weekdayOf(date)), 'a make-up day falls on a weekend');
    assert.equal(cal.isWorkingDay(date), true);
    assert.deepEqual(cal.entryOf(date), { date, kind: 'workday', name });
  });
}

test('the bundled years hold exactly the notices’ days, no more', () => {
  for (const year of [2025, 2026]) {
    const expectedHolidays = HOLIDAYS.filter(([y]) => y === year).flatMap(([, from, to]) => span(from, to));
    const expectedWorkdays = WORKDAYS.filter(([d]) => d.startsWith(`${year}-`)).map(([d]) => d);
    const entries = HOLIDAY_YEARS.find((y) => y.year === year)?.entries ?? [];
    assert.deepEqual(entries.filter((e) => e.kind === 'holiday').map((e) => e.date).sort(), expectedHolidays.sort());
    assert.deepEqual(entries.filter((e) => e.kind === 'workday').map((e) => e.date).sort(), expectedWorkdays.sort());
  }
});

test('2025 has 28 listed holiday dates and 5 make-up days; 2026 has 33 and 6', () => {
  const count = (year: number, kind: string) => HOLIDAY_YEARS.find((y) => y.year === year)?.entries.filter((e) => e.kind === kind).length;
  assert.equal(count(2025, 'holiday'), 28);
  assert.equal(count(2025, 'workday'), 5);
  assert.equal(count(2026, 'holiday'), 33);
  assert.equal(count(2026, 'workday'), 6);
});

test('each year records its notice, entries stay inside their year, in date order', () => {
  for (const year of HOLIDAY_YEARS) {
    assert.ok(year.source.length > 0);
    const dates = year.entries.map((e) => e.date);
    assert.deepEqual(dates, [...dates].sort(), `${year.year} in date order`);
    for (const date of dates) assert.ok(date.startsWith(`${year.year}-`), `${date} belongs to ${year.year}`);
  }
  assert.match(HOLIDAY_YEARS.find((y) => y.year === 2025)?.source ?? '', /国办发明电〔2024〕12号/);
});

test('ordinary days: weekdays work, weekends rest', () => {
  assert.equal(cal.isWorkingDay('2025-03-03'), true); // Monday
  assert.equal(cal.isWorkingDay('2025-03-08'), false); // Saturday
  assert.equal(cal.isWorkingDay('2025-03-09'), false); // Sunday
  assert.equal(cal.isWorkingDay('2026-11-27'), true); // Friday
  assert.equal(cal.isWorkingDay('2026-11-28'), false); // Saturday
  assert.equal(cal.isWorkingDay('2025-01-27'), true); // Monday before 春节
  assert.equal(cal.isWorkingDay('2025-01-25'), false); // Saturday before the make-up Sunday
  assert.equal(cal.isWorkingDay('2025-02-09'), false); // Sunday after the make-up Saturday
  assert.equal(cal.entryOf('2025-03-03'), undefined);
});

test('2025 and 2026 are published; 2027 is not, and counts weekends only', () => {
  assert.equal(isYearPublished(2025), true);
  assert.equal(isYearPublished(2026), true);
  const y2027 = HOLIDAY_YEARS.find((y) => y.year === 2027);
  assert.ok(y2027, '2027 is present, marked as unpublished');
  assert.equal(y2027.published, false);
  assert.deepEqual(y2027.entries, []);
  assert.equal(isYearPublished(2027), false);
  assert.equal(isYearPublished(2024), false, 'years before the bundled data are unknown too');
  // Weekends-only fallback: 2027-01-01 is a Friday and is counted as a working day until the notice is entered.
  assert.equal(cal.isWorkingDay('2027-01-01'), true);
  assert.equal(cal.isWorkingDay('2027-01-02'), false);
});
