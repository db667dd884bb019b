import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HOLIDAY_ENTRIES } from './holidays.ts';
import { calendarWithStatutoryHolidays } from './statutory.ts';
import { addCalendarDays, addYears } from './working-days.ts';

// Properties over every day of 2025–2028 (published years and computed ones), not a few examples.
const calendar = calendarWithStatutoryHolidays(HOLIDAY_ENTRIES, { from: 2025, to: 2029 });
const DAYS = 4 * 365 + 1;
const day = fc.integer({ min: 0, max: DAYS - 1 }).map((n) => addCalendarDays('2025-01-01', n));
const count = fc.integer({ min: 0, max: 60 });

describe('working days, as properties over 2025–2028', () => {
  it('counting back what was added lands where it started (from any day: on its next working day)', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const due = calendar.addWorkingDays(d, n);
        assert.equal(calendar.workingDaysBetween(d, due), n);
        if (n > 0) assert.ok(calendar.isWorkingDay(due), `${d} + ${n} = ${due} is a working day`);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding is monotone and steps one working day at a time', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const a = calendar.addWorkingDays(d, n);
        const b = calendar.addWorkingDays(d, n + 1);
        assert.ok(b > a);
        assert.equal(calendar.nextWorkingDay(a), b);
        // No working day is skipped between them.
        for (let x = addCalendarDays(a, 1); x < b; x = addCalendarDays(x, 1)) assert.ok(!calendar.isWorkingDay(x), `${x} skipped`);
      }),
      { numRuns: 1000 },
    );
  });

  it('the count between two days is antisymmetric and adds up across a middle day', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        assert.equal(calendar.workingDaysBetween(a, b), -calendar.workingDaysBetween(b, a) || 0);
        assert.equal(calendar.workingDaysBetween(a, c), calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c));
      }),
      { numRuns: 2000 },
    );
  });

  it('a year later is the same day, or the last of February', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -10, max: 10 }), (d, years) => {
        const later = addYears(d, years);
        assert.equal(Number(later.slice(0, 4)), Number(d.slice(0, 4)) + years);
        if (d.slice(5) === '02-29' && later.slice(5) !== '02-29') assert.equal(later.slice(5), '02-28');
        else assert.equal(later.slice(5), d.slice(5));
      }),
    );
  });
});
