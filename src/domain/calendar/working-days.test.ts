import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALENDAR, addCalendarDays, assertIsoDate, createCalendar, isIsoDate, shanghaiDateOf, weekdayOf } from './index.ts';

const cal = DEFAULT_CALENDAR;

// Every expected date below was counted by hand on a paper calendar of the notices.

test('addWorkingDays across 2025 春节 (make-up Sun 01-26 and Sat 02-08)', () => {
  // From Friday 2025-01-24: Sat 25 rests, Sun 26 works (1), Mon 27 (2), 28 … 02-04 holidays,
  // Wed 02-05 (3), Thu 06 (4), Fri 07 (5), Sat 08 works (6), Sun 09 rests, Mon 10 (7).
  assert.equal(cal.addWorkingDays('2025-01-24', 1), '2025-01-26');
  assert.equal(cal.addWorkingDays('2025-01-24', 2), '2025-01-27');
  assert.equal(cal.addWorkingDays('2025-01-24', 3), '2025-02-05');
  assert.equal(cal.addWorkingDays('2025-01-24', 6), '2025-02-08');
  assert.equal(cal.addWorkingDays('2025-01-24', 7), '2025-02-10');
});

test('20 working days from Monday 2025-01-20, before 春节, end on 2025-02-21', () => {
  // 21,22,23,24 (4), Sun 26 (5), 27 (6), 02-05,06,07 (9), Sat 08 (10), 10–14 (15), 17–21 (20).
  assert.equal(cal.addWorkingDays('2025-01-20', 20), '2025-02-21');
  assert.equal(cal.workingDaysBetween('2025-01-20', '2025-02-21'), 20);
});

test('addWorkingDays across 2025 国庆节、中秋节 (make-up Sun 09-28 and Sat 10-11)', () => {
  // From Friday 2025-09-26: Sun 28 (1), Mon 29 (2), Tue 30 (3), 10-01 … 10-08 holidays,
  // Thu 09 (4), Fri 10 (5), Sat 11 (6), Sun 12 rests, Mon 13 (7).
  assert.equal(cal.addWorkingDays('2025-09-26', 1), '2025-09-28');
  assert.equal(cal.addWorkingDays('2025-09-26', 3), '2025-09-30');
  assert.equal(cal.addWorkingDays('2025-09-26', 4), '2025-10-09');
  assert.equal(cal.addWorkingDays('2025-09-26', 6), '2025-10-11');
  assert.equal(cal.addWorkingDays('2025-09-26', 7), '2025-10-13');
});

test('addWorkingDays across 2026 春节 (make-up Sat 02-14 and Sat 02-28)', () => {
  // From Friday 2026-02-13: Sat 14 works (1), 15 … 23 holidays, Tue 24 (2) … Fri 27 (5),
  // Sat 28 works (6), Sun 03-01 rests, Mon 03-02 (7).
  assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-14');
  assert.equal(cal.addWorkingDays('2026-02-13', 2), '2026-02-24');
  assert.equal(cal.addWorkingDays('2026-02-13', 6), '2026-02-28');
  assert.equal(cal.addWorkingDays('2026-02-13', 7), '2026-03-02');
  // 20 working days from Monday 2026-02-09: 10–13 (4), Sat 14 (5), 24–27 (9), Sat 28 (10), 03-02 … 06 (15), 09 … 13 (20).
  assert.equal(cal.addWorkingDays('2026-02-09', 20), '2026-03-13');
});

test('addWorkingDays across 2026 中秋节 and 国庆节 (make-up Sun 09-20 and Sat 10-10)', () => {
  // From Friday 2026-09-18: Sun 20 works (1), 21–24 (5), 25–27 中秋, 28–30 (8), 10-01 … 07 国庆,
  // Thu 08 (9), Fri 09 (10), Sat 10 works (11), Sun 11 rests, Mon 12 (12).
  assert.equal(cal.addWorkingDays('2026-09-18', 1), '2026-09-20');
  assert.equal(cal.addWorkingDays('2026-09-18', 5), '2026-09-24');
  assert.equal(cal.addWorkingDays('2026-09-18', 6), '2026-09-28');
  assert.equal(cal.addWorkingDays('2026-09-18', 9), '2026-10-08');
  assert.equal(cal.addWorkingDays('2026-09-18', 11), '2026-10-10');
  assert.equal(cal.addWorkingDays('2026-09-18', 12), '2026-10-12');
});

test('day 1 is the first working day after the start, whatever the start is', () => {
  assert.equal(cal.addWorkingDays('2026-11-27', 0), '2026-11-27'); // n = 0: the day itself
  assert.equal(cal.addWorkingDays('2026-11-28', 0), '2026-11-28');
  assert.equal(cal.addWorkingDays('2026-11-26', 1), '2026-11-27'); // Thu → Fri
  assert.equal(cal.addWorkingDays('2026-11-27', 1), '2026-11-30'); // Fri → Mon
  assert.equal(cal.addWorkingDays('2026-11-28', 1), '2026-11-30'); // Sat → Mon
  assert.equal(cal.addWorkingDays('2025-01-31', 1), '2025-02-05'); // inside 春节 → first day back
});

test('nextWorkingDay and workingDayOnOrAfter', () => {
  assert.equal(cal.nextWorkingDay('2025-09-30'), '2025-10-09');
  assert.equal(cal.nextWorkingDay('2025-01-24'), '2025-01-26'); // the make-up Sunday
  assert.equal(cal.nextWorkingDay('2026-11-26'), '2026-11-27');
  assert.equal(cal.workingDayOnOrAfter('2026-11-27'), '2026-11-27');
  assert.equal(cal.workingDayOnOrAfter('2026-10-01'), '2026-10-08');
  assert.equal(cal.workingDayOnOrAfter('2026-10-10'), '2026-10-10'); // make-up Saturday
});

test('workingDaysBetween: (from, to], negative when reversed, zero when equal', () => {
  assert.equal(cal.workingDaysBetween('2025-09-26', '2025-10-13'), 7);
  assert.equal(cal.workingDaysBetween('2025-10-13', '2025-09-26'), -7);
  assert.equal(cal.workingDaysBetween('2025-10-01', '2025-10-08'), 0);
  assert.equal(cal.workingDaysBetween('2025-10-08', '2025-10-01'), 0);
  assert.ok(Object.is(cal.workingDaysBetween('2026-11-28', '2026-11-27'), 0), 'never -0');
  assert.equal(cal.workingDaysBetween('2026-11-27', '2026-11-27'), 0);
  assert.equal(cal.workingDaysBetween('2026-11-26', '2026-11-27'), 1);
  // Round trip with addWorkingDays over a year boundary.
  const due = cal.addWorkingDays('2025-12-15', 30);
  assert.equal(cal.workingDaysBetween('2025-12-15', due), 30);
});

test('a whole calendar year: 2025 and 2026 each have 248 working days', () => {
  // 2025: 261 weekdays − 18 weekday holidays (元旦 1, 春节 6, 清明 1, 劳动节 3, 端午 1, 国庆中秋 6) + 5 make-up days.
  assert.equal(cal.workingDaysBetween('2024-12-31', '2025-12-31'), 248);
  // 2026: 261 weekdays − 19 weekday holidays (元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆 5) + 6 make-up days.
  assert.equal(cal.workingDaysBetween('2025-12-31', '2026-12-31'), 248);
});

test('shanghaiDateOf around midnight UTC+8', () => {
  assert.equal(shanghaiDateOf('2026-11-27T16:30:00Z'), '2026-11-28');
  assert.equal(shanghaiDateOf('2026-11-27T15:59:59.999Z'), '2026-11-27');
  assert.equal(shanghaiDateOf('2026-11-27T16:00:00Z'), '2026-11-28');
  assert.equal(shanghaiDateOf(new Date('2026-11-27T16:30:00Z')), '2026-11-28');
  assert.equal(shanghaiDateOf(new Date(Date.UTC(2026, 10, 27, 15, 59, 59))), '2026-11-27');
  assert.equal(shanghaiDateOf('2026-11-28T00:30:00+08:00'), '2026-11-28');
  assert.equal(shanghaiDateOf('2026-11-27T23:59:59+08:00'), '2026-11-27');
  assert.equal(shanghaiDateOf('2026-11-27T12:00:00-05:00'), '2026-11-28'); // 17:00Z = 01:00 next day in Shanghai
  assert.equal(shanghaiDateOf('2025-12-31T16:00:00Z'), '2026-01-01'); // year boundary
  assert.equal(shanghaiDateOf('2026-11-27'), '2026-11-27'); // already a Shanghai date
});

test('invalid dates are refused with a RangeError', () => {
  const bad = ['2025-02-30', '2025-02-29', '2025-13-01', '2025-00-10', '2025-1-5', '20250105', '2025/01/05', '', ' 2025-01-05', '0025-01-05', 'not a date'];
  for (const date of bad) {
    assert.throws(() => cal.isWorkingDay(date), RangeError, `isWorkingDay(${JSON.stringify(date)})`);
    assert.throws(() => cal.addWorkingDays(date, 1), RangeError);
    assert.throws(() => cal.workingDaysBetween(date, '2025-01-05'), RangeError);
    assert.throws(() => cal.workingDaysBetween('2025-01-05', date), RangeError);
    assert.throws(() => cal.nextWorkingDay(date), RangeError);
    assert.throws(() => shanghaiDateOf(date), RangeError);
    assert.equal(isIsoDate(date), false);
  }
  assert.equal(cal.isWorkingDay('2024-02-29'), true); // a real leap day is fine
  assert.equal(isIsoDate('2024-02-29'), true);
  assert.throws(() => assertIsoDate('2026-02-29'), RangeError);
  for (const instant of ['2026-11-27T16:30:00', '2026-02-30T00:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27 16:30:00Z', 'yesterday']) {
    assert.throws(() => shanghaiDateOf(instant), RangeError, `shanghaiDateOf(${instant})`);
  }
  assert.throws(() => shanghaiDateOf(new Date(Number.NaN)), RangeError);
  assert.throws(() => shanghaiDateOf(42 as unknown as string), RangeError);
});

test('working-day counts must be whole and not negative', () => {
  for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000]) {
    assert.throws(() => cal.addWorkingDays('2026-11-27', n), RangeError, `n = ${n}`);
  }
});

test('calendar helpers: weekdayOf and addCalendarDays', () => {
  assert.equal(weekdayOf('2026-11-27'), 5); // Friday
  assert.equal(weekdayOf('2025-01-26'), 0); // Sunday
  assert.equal(weekdayOf('1970-01-01'), 4); // Thursday
  assert.equal(weekdayOf('1969-12-31'), 3); // before the epoch too
  assert.equal(addCalendarDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addCalendarDays('2026-01-01', -1), '2025-12-31');
});

test('createCalendar from other entries (as read from the holidays table)', () => {
  const custom = createCalendar([
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'workday', name: '元旦' },
  ]);
  assert.equal(custom.isWorkingDay('2027-01-01'), false); // Friday, listed holiday
  assert.equal(custom.isWorkingDay('2027-01-02'), true); // Saturday, listed workday
  assert.equal(custom.isWorkingDay('2027-01-03'), false); // Sunday
  assert.equal(custom.isYearPublished(2027), true, 'a year with entries counts as published by default');
  assert.equal(custom.isYearPublished(2026), false);
  assert.equal(createCalendar([], { publishedYears: [2030] }).isYearPublished(2030), true);
  assert.deepEqual(custom.entries.map((e) => e.date), ['2027-01-01', '2027-01-02']);
  // A listed weekday workday or weekend holiday changes nothing.
  const redundant = createCalendar([
    { date: '2026-11-27', kind: 'workday', name: 'x' },
    { date: '2026-11-28', kind: 'holiday', name: 'y' },
  ]);
  assert.equal(redundant.isWorkingDay('2026-11-27'), true);
  assert.equal(redundant.isWorkingDay('2026-11-28'), false);
});

test('createCalendar refuses bad entries', () => {
  assert.throws(() => createCalendar([{ date: '2027-02-30', kind: 'holiday', name: '春节' }]), RangeError);
  assert.throws(() => createCalendar([{ date: '2027-02-01', kind: 'vacation' as never, name: '春节' }]), RangeError);
  assert.throws(() => createCalendar([{ date: '2027-02-01', kind: 'holiday', name: ' ' }]), RangeError);
  assert.throws(
    () =>
      createCalendar([
        { date: '2027-02-01', kind: 'holiday', name: '春节' },
        { date: '2027-02-01', kind: 'workday', name: '春节' },
      ]),
    RangeError,
  );
});
