import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALENDAR, createCalendar, daysLeft, deadline, isOverdue } from './index.ts';

const cal = DEFAULT_CALENDAR;

// Start Monday 2026-03-02, 20 working days, hand-counted on the calendar:
// 03-03 … 03-06 (1–4), 09 … 13 (5–9), 16 … 20 (10–14), 23 … 27 (15–19), Mon 03-30 (20).
const START = '2026-03-02';

test('without pauses: the due date is the 20th working day after the start', () => {
  const status = deadline(START, 20, [], cal, '2026-03-02');
  assert.deepEqual(status, {
    start: START,
    limitDays: 20,
    asOf: '2026-03-02',
    due: '2026-03-30',
    usedDays: 0,
    remainingDays: 20,
    paused: false,
    overdue: false,
    unpublishedYears: [],
  });
  assert.equal(deadline(START, 20, [], cal, '2026-03-06').usedDays, 4);
  assert.equal(deadline(START, 20, [], cal, '2026-03-08').usedDays, 4, 'the weekend uses nothing');
  assert.equal(deadline(START, 20, [], cal, '2026-03-09').remainingDays, 15);
  assert.equal(deadline(START, 20, [], cal, '2026-03-01').usedDays, 0, 'before the start nothing is used');
});

test('a 补正 of 3 working days pushes the due date by exactly 3 working days', () => {
  // Paused Tue 03-10 … Thu 03-12 (3 working days): 03-03 … 09 (1–5), 13 (6), 16–20 (11), 23–27 (16),
  // 30, 31, 04-01, 04-02 (20).
  const withPause = deadline(START, 20, [{ from: '2026-03-10', to: '2026-03-12' }], cal, '2026-03-02');
  assert.equal(withPause.due, '2026-04-02');
  assert.equal(cal.workingDaysBetween('2026-03-30', withPause.due ?? ''), 3);

  // A pause over a weekend, Fri 03-06 … Tue 03-10, also holds 3 working days (06, 09, 10).
  assert.equal(deadline(START, 20, [{ from: '2026-03-06', to: '2026-03-10' }], cal, START).due, '2026-04-02');

  // Two more days run into 清明节 (04-04 … 04-06): 04-03 (21), 04-07 (22).
  assert.equal(deadline(START, 22, [{ from: '2026-03-10', to: '2026-03-12' }], cal, START).due, '2026-04-07');
});

test('during and after a closed pause the used days stand still, then run on', () => {
  const pauses = [{ from: '2026-03-10', to: '2026-03-12' }];
  const during = deadline(START, 20, pauses, cal, '2026-03-11');
  assert.equal(during.paused, true);
  assert.equal(during.usedDays, 5);
  assert.equal(during.remainingDays, 15);
  assert.equal(during.due, '2026-04-02', 'a closed pause still gives a due date');
  const after = deadline(START, 20, pauses, cal, '2026-03-13');
  assert.equal(after.paused, false);
  assert.equal(after.usedDays, 6);
  assert.equal(after.remainingDays, 14);
});

test('an open pause stops the clock: no due date, remainingDays frozen', () => {
  const pauses = [{ from: '2026-03-10' }];
  const first = deadline(START, 20, pauses, cal, '2026-03-20');
  assert.equal(first.due, undefined);
  assert.equal(first.paused, true);
  assert.equal(first.usedDays, 5); // 03-03 … 03-09
  assert.equal(first.remainingDays, 15);
  assert.equal(first.overdue, false);

  const muchLater = deadline(START, 20, pauses, cal, '2026-06-30');
  assert.equal(muchLater.usedDays, 5);
  assert.equal(muchLater.remainingDays, 15, 'frozen however long the applicant takes');
  assert.equal(isOverdue(muchLater.due, '2026-06-30'), false);

  // The applicant answers on 04-15: the pause closes, the remaining 15 days run from 04-16:
  // 16, 17 (2), 20–24 (7), 27–30 (11), [05-01 … 05-05 劳动节], 06, 07, 08 (14), Sat 05-09 make-up day (15).
  const resumed = deadline(START, 20, [{ from: '2026-03-10', to: '2026-04-15' }], cal, '2026-04-16');
  assert.equal(resumed.due, '2026-05-09');
  assert.equal(resumed.usedDays, 6);
  assert.equal(resumed.remainingDays, 14);
});

test('an open pause that starts after the period ran out does not revive it', () => {
  const status = deadline(START, 20, [{ from: '2026-04-10' }], cal, '2026-04-13');
  assert.equal(status.due, '2026-03-30');
  assert.equal(status.overdue, true);
  assert.equal(status.paused, true);
});

test('overdue: on the due day 0 remain; afterwards the working days late are negative', () => {
  const onDue = deadline(START, 20, [], cal, '2026-03-30');
  assert.equal(onDue.remainingDays, 0);
  assert.equal(onDue.overdue, false);
  const dayAfter = deadline(START, 20, [], cal, '2026-03-31');
  assert.equal(dayAfter.remainingDays, -1);
  assert.equal(dayAfter.overdue, true);
  // Sat 04-04 (清明): 31, 04-01, 02, 03 are 4 working days late.
  const weekend = deadline(START, 20, [], cal, '2026-04-04');
  assert.equal(weekend.remainingDays, -4);
  assert.equal(weekend.overdue, true);
  // An instant is read in Shanghai time: 2026-03-30T16:30Z is already 03-31 there.
  assert.equal(deadline(START, 20, [], cal, '2026-03-30T15:59:00Z').overdue, false);
  assert.equal(deadline(START, 20, [], cal, new Date('2026-03-30T16:30:00Z')).overdue, true);
});

test('isOverdue and daysLeft for a plain due date', () => {
  assert.equal(isOverdue('2026-03-30', '2026-03-30'), false);
  assert.equal(isOverdue('2026-03-30', '2026-03-31'), true);
  assert.equal(isOverdue('2026-03-30', '2026-03-30T16:30:00Z'), true);
  assert.equal(isOverdue(undefined, '2030-01-01'), false);
  assert.equal(daysLeft('2026-03-30', '2026-03-02', cal), 20);
  assert.equal(daysLeft('2026-03-30', '2026-03-27', cal), 1);
  assert.equal(daysLeft('2026-03-30', '2026-03-30', cal), 0);
  assert.equal(daysLeft('2026-03-27', '2026-03-28', cal), 0); // Saturday after a Friday due date: late but no working day lost yet
  assert.equal(daysLeft('2026-03-30', '2026-04-01', cal), -2);
  // Across 国庆节 2025: from 09-30 to 10-10 only 09, 10 count.
  assert.equal(daysLeft('2025-10-10', '2025-09-30', cal), 2);
});

test('limit 0 is due on the start day; the start may be any day, even a holiday', () => {
  assert.equal(deadline(START, 0, [], cal, START).due, START);
  assert.equal(deadline('2026-10-01', 1, [], cal, '2026-10-01').due, '2026-10-08');
  assert.equal(deadline('2026-10-01', 3, [], cal, '2026-10-01').due, '2026-10-10'); // 08, 09, Sat 10 make-up
});

test('overlapping pauses count once; a pause starting on or before the start is harmless', () => {
  const overlapping = deadline(
    START,
    20,
    [
      { from: '2026-03-10', to: '2026-03-11' },
      { from: '2026-03-11', to: '2026-03-12' },
    ],
    cal,
    START,
  );
  assert.equal(overlapping.due, '2026-04-02');
  assert.equal(deadline(START, 20, [{ from: '2026-02-20', to: '2026-03-02' }], cal, START).due, '2026-03-30');
  assert.equal(deadline(START, 20, [{ from: '2026-02-20', to: '2026-03-03' }], cal, START).due, '2026-03-31');
});

test('periods reaching into an unpublished year say so', () => {
  // From 2026-12-01, 40 working days reach into 2027, which the bundled data does not have.
  const status = deadline('2026-12-01', 40, [], cal, '2026-12-01');
  assert.deepEqual(status.unpublishedYears, [2027]);
  assert.deepEqual(deadline(START, 20, [], cal, START).unpublishedYears, []);
  // With the notice entered (hypothetical table rows), the warning goes away.
  const entered = createCalendar([...cal.entries, { date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
  assert.deepEqual(deadline('2026-12-01', 40, [], entered, '2026-12-01').unpublishedYears, []);
});

test('deadline refuses bad input', () => {
  assert.throws(() => deadline('2026-02-30', 20, [], cal, START), RangeError);
  assert.throws(() => deadline(START, -1, [], cal, START), RangeError);
  assert.throws(() => deadline(START, 2.5, [], cal, START), RangeError);
  assert.throws(() => deadline(START, 20, [{ from: '2026-03-12', to: '2026-03-10' }], cal, START), RangeError);
  assert.throws(() => deadline(START, 20, [{ from: '2026-3-10' }], cal, START), RangeError);
  assert.throws(() => deadline(START, 20, [], cal, '2026-03-30T10:00:00'), RangeError);
  assert.throws(() => isOverdue('2026-02-30', START), RangeError);
});
