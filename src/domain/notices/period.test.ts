import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CALENDAR } from '../calendar/index.ts';
import { noticePeriod, periodEnded, statementWindowOpen } from './period.ts';

describe('公示 period', () => {
  it('10 working days from an ordinary Friday, the day of publication counted: the Thursday two weeks later', () => {
    assert.deepEqual(noticePeriod('2026-11-27', 10, DEFAULT_CALENDAR), { startsOn: '2026-11-27', endsOn: '2026-12-10', days: 10 });
  });

  it('counts as the ministry publishes it: a Monday to the Friday of the next week (2009年9月7日至9月18日)', () => {
    assert.equal(noticePeriod('2026-12-07', 10, DEFAULT_CALENDAR).endsOn, '2026-12-18');
    assert.equal(noticePeriod('2026-12-07', 10, DEFAULT_CALENDAR, { countsPublicationDay: false }).endsOn, '2026-12-21', 'the rule is data');
    assert.equal(noticePeriod('2026-12-07', 1, DEFAULT_CALENDAR).endsOn, '2026-12-07', 'one day: the day itself');
  });

  it('skips 中秋 and 国庆 and counts the make-up Saturday 10-10', () => {
    assert.equal(noticePeriod('2026-09-24', 10, DEFAULT_CALENDAR).endsOn, '2026-10-14');
  });

  it('counts the 春节 make-up Saturdays and skips the nine-day holiday', () => {
    assert.equal(noticePeriod('2026-02-12', 10, DEFAULT_CALENDAR).endsOn, '2026-03-03');
  });

  it('published on a holiday, the count starts with the next working day', () => {
    assert.equal(noticePeriod('2026-10-03', 5, DEFAULT_CALENDAR).endsOn, '2026-10-13');
  });

  it('a statement on the last day is in time, the day after is late', () => {
    const p = noticePeriod('2026-11-27', 10, DEFAULT_CALENDAR);
    assert.equal(statementWindowOpen(p, '2026-12-10'), true);
    assert.equal(statementWindowOpen(p, '2026-12-11'), false);
    assert.equal(statementWindowOpen(p, '2026-11-26'), false);
    assert.equal(periodEnded(p, '2026-12-10'), false);
    assert.equal(periodEnded(p, '2026-12-11'), true);
  });

  it('refuses a period that is no period', () => {
    for (const days of [0, -1, 1.5, 61]) assert.throws(() => noticePeriod('2026-11-27', days, DEFAULT_CALENDAR), RangeError);
  });
});
