import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOLIDAY_ENTRIES } from './holidays.ts';
import { calendarWithStatutoryHolidays, statutoryHolidays } from './statutory.ts';
import { createCalendar } from './working-days.ts';

const days = (year: number) => statutoryHolidays(year).map((e) => `${e.date} ${e.name}`);

describe('statutory holidays from 全国年节及纪念日放假办法 (2024 revision)', () => {
  it('2027: 元旦, 春节 (除夕 and 正月初一至初三), 清明, 劳动节 5/1–2, 端午, 中秋, 国庆 10/1–3', () => {
    assert.deepEqual(days(2027), [
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
  });

  it('2028: a 除夕 on the 29th of the twelfth month, and 中秋 on 国庆 counted once', () => {
    assert.deepEqual(days(2028), [
      '2028-01-01 元旦',
      '2028-01-25 春节',
      '2028-01-26 春节',
      '2028-01-27 春节',
      '2028-01-28 春节',
      '2028-04-04 清明节',
      '2028-05-01 劳动节',
      '2028-05-02 劳动节',
      '2028-05-28 端午节',
      '2028-10-01 国庆节',
      '2028-10-02 国庆节',
      '2028-10-03 中秋节、国庆节',
    ]);
  });

  it('agrees with the published notices of 2025 and 2026: every computed day is a holiday there', () => {
    const published = new Map(HOLIDAY_ENTRIES.map((e) => [e.date, e.kind]));
    for (const year of [2025, 2026]) {
      for (const e of statutoryHolidays(year)) assert.equal(published.get(e.date), 'holiday', `${e.date} ${e.name} (${year} notice)`);
    }
  });
});

describe('a year without a published arrangement', () => {
  const calendar = calendarWithStatutoryHolidays(HOLIDAY_ENTRIES, { from: 2025, to: 2030 });

  it('20 working days from mid-December 2026 skip 元旦 2027 (weekends alone would end a day early)', () => {
    assert.equal(calendar.addWorkingDays('2026-12-15', 20), '2027-01-13');
    assert.equal(createCalendar(HOLIDAY_ENTRIES).addWorkingDays('2026-12-15', 20), '2027-01-12', 'the old weekends-only answer');
    assert.equal(calendar.isWorkingDay('2027-01-01'), false);
  });

  it('stays provisional until the notice is entered, while published years keep their 调休', () => {
    assert.equal(calendar.isYearPublished(2027), false);
    assert.equal(calendar.isYearPublished(2026), true);
    assert.equal(calendar.isWorkingDay('2026-10-10'), true, '2026 调休 Saturday');
  });

  it('no due date counted into 2027 or 2028 ever falls on a statutory holiday', () => {
    const statutory = new Set([...statutoryHolidays(2027), ...statutoryHolidays(2028)].map((e) => e.date));
    for (let start = Date.parse('2026-12-01'); start <= Date.parse('2028-12-01'); start += 86_400_000) {
      const from = new Date(start).toISOString().slice(0, 10);
      for (const n of [5, 10, 20, 30]) {
        const due = calendar.addWorkingDays(from, n);
        assert.ok(!statutory.has(due), `${from} + ${n} working days = ${due}, a statutory holiday`);
      }
    }
  });
});
