import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import { reportCase, type CaseFacts } from './case-report.ts';
import { VARIANTS, findNode, type CaseEventInput } from './index.ts';

// Weekends only, and the year counted as published: working days are plain Monday–Friday.
const calendar: WorkingDayCalendar = createCalendar([], { publishedYears: [2026] });
const full = VARIANTS['full-review'];

/** Beijing 10:00 on a day. */
const day = (d: string) => `${d}T02:00:00.000Z`;

/** A history from (node, action, Beijing day) triples, each actor the node's own role. */
function history(steps: [string, string, string][]): CaseEventInput[] {
  return steps.map(([node, action, d]) => {
    const def = findNode(full, node)!;
    const role = def.actions.find((a) => a.key === action)!.roles?.[0] ?? def.role;
    return { node, action, actorRole: role, at: day(d), ...(['fail', 'reject', 'request-correction'].includes(action) ? { opinion: '理由' } : {}),
      ...(action === 'request-correction' ? { correctionItems: ['otherAttachments'] } : {}) };
  });
}

const facts = (h: CaseEventInput[], extra: Partial<CaseFacts> = {}): CaseFacts => ({ submittedAt: day('2026-03-02'), history: h, extensionDays: 0, suspensions: [], ...extra });

// 2026-03-02 is a Monday. The full review's decision limit is 20 working days from 受理.
const APPROVED: [string, string, string][] = [
  ['accept', 'accept', '2026-03-03'],
  ['review', 'pass', '2026-03-10'],
  ['recheck', 'pass', '2026-03-12'],
  ['pre-notice', 'publish', '2026-03-13'],
  ['notice', 'close-notice', '2026-03-27'], // clock stopped for the 公示
  ['announce', 'publish', '2026-03-30'],
  ['issue', 'issue', '2026-04-02'],
];

describe('reportCase: what the 统计 counts of one case', () => {
  it('an approved case: accepted, ended on time, each node stay in working days', () => {
    const r = reportCase(full, facts(history(APPROVED)), calendar);
    assert.equal(r.acceptedAt, day('2026-03-03'));
    assert.deepEqual(r.end, { outcome: 'approved', at: day('2026-04-02'), onTime: true });
    assert.deepEqual(
      r.visits.map((v) => [v.label, v.workingDays]),
      [
        ['受理', 1], // Mon → Tue
        ['审查', 5], // Tue 3rd → Tue 10th
        ['复核', 2],
        ['拟公示', 1],
        ['公示', 10], // Fri 13th → Fri 27th
        ['公告', 1], // Fri → Mon
        ['制证', 3],
      ],
    );
  });

  it('a decision after the 20 working days is late; the 公示 and a 中止 do not count against it', () => {
    const late = APPROVED.map(([n, a, d]): [string, string, string] => (n === 'review' ? [n, a, '2026-03-24'] : n === 'recheck' ? [n, a, '2026-03-26'] : n === 'pre-notice' ? [n, a, '2026-03-27'] : n === 'notice' ? [n, a, '2026-04-10'] : n === 'announce' ? [n, a, '2026-04-14'] : n === 'issue' ? [n, a, '2026-04-15'] : [n, a, d]));
    // 受理 on the 3rd; counted: 审查 4th–24th (15), 复核 25th–26th (17); the 公示 stops the clock from
    // the day it begins (27th) to the day it ends (Apr 10th); 公告 13th, 14th (19): on time.
    assert.equal(reportCase(full, facts(history(late)), calendar).end?.onTime, true);
    const later = late.map(([n, a, d]): [string, string, string] => (n === 'announce' ? [n, a, '2026-04-16'] : n === 'issue' ? [n, a, '2026-04-17'] : [n, a, d]));
    assert.equal(reportCase(full, facts(history(later)), calendar).end?.onTime, false, 'decided on the 21st working day');
    // Three days of 中止审查 in 审查 move the limit by three working days.
    const suspended = facts(history(later), { suspensions: [{ suspendedAt: day('2026-03-16'), resumedAt: day('2026-03-18') }] });
    assert.equal(reportCase(full, suspended, calendar).end?.onTime, true);
    assert.equal(reportCase(full, suspended, calendar).visits.find((v) => v.node === 'review')?.workingDays, 12, '中止 days are not the node’s');
    // And an approved 延期 adds its days.
    assert.equal(reportCase(full, facts(history(later), { extensionDays: 10 }), calendar).end?.onTime, true);
  });

  it('制证 past its own 10 working days makes the case late even when decided in time', () => {
    const slowIssue = APPROVED.map(([n, a, d]): [string, string, string] => (n === 'issue' ? [n, a, '2026-04-14'] : [n, a, d]));
    assert.equal(reportCase(full, facts(history(slowIssue)), calendar).end?.onTime, false);
  });

  it('不予受理 is on time within the 受理 node’s 5 working days, counted from the last resubmission', () => {
    const refused = history([['accept', 'reject', '2026-03-09']]);
    assert.deepEqual(reportCase(full, facts(refused), calendar).end, { outcome: 'not-accepted', at: day('2026-03-09'), onTime: true });
    assert.equal(reportCase(full, facts(history([['accept', 'reject', '2026-03-10']])), calendar).end?.onTime, false);
    const afterCorrection = history([
      ['accept', 'request-correction', '2026-03-03'],
      ['correction', 'resubmit', '2026-03-20'],
      ['accept', 'reject', '2026-03-25'],
    ]);
    const r = reportCase(full, facts(afterCorrection), calendar);
    assert.equal(r.end?.onTime, true);
    assert.equal(r.acceptedAt, undefined);
    assert.deepEqual(r.visits.map((v) => v.node), ['accept', 'correction', 'accept']);
  });

  it('a withdrawal ends the case with nothing due; an open case has no end, only the stays it left', () => {
    const withdrawn = reportCase(full, facts(history([['accept', 'withdraw', '2026-03-04']])), calendar);
    assert.deepEqual(withdrawn.end, { outcome: 'withdrawn', at: day('2026-03-04'), onTime: null });
    const open = reportCase(full, facts(history(APPROVED.slice(0, 2))), calendar);
    assert.equal(open.end, undefined);
    assert.deepEqual(open.visits.map((v) => v.node), ['accept', 'review']);
  });

  it('a refusal at 复核 is judged by the decision limit, with no 制证', () => {
    const rejected = history([
      ['accept', 'accept', '2026-03-03'],
      ['review', 'fail', '2026-03-10'],
      ['recheck', 'fail', '2026-03-12'],
    ]);
    assert.deepEqual(reportCase(full, facts(rejected), calendar).end, { outcome: 'rejected', at: day('2026-03-12'), onTime: true });
  });

  it('a memo shared by the cases of one report gives the same answers', () => {
    const memo = new Map();
    const cases = [
      facts(history(APPROVED)),
      facts(history(APPROVED), { suspensions: [{ suspendedAt: day('2026-03-16'), resumedAt: day('2026-03-18') }] }),
      facts(history([['accept', 'reject', '2026-03-10']])),
      facts(history(APPROVED), { extensionDays: 10 }),
    ];
    for (const round of [1, 2]) for (const c of cases) assert.deepEqual(reportCase(full, c, calendar, { memo }), reportCase(full, c, calendar), `round ${round}`);
    assert.ok(memo.size > 0);
  });

  it('a period: only the stays left in it are worked out, and the end only when it falls in it', () => {
    const april = reportCase(full, facts(history(APPROVED)), calendar, { since: day('2026-03-28'), until: '2026-04-30T16:00:00.000Z' });
    assert.deepEqual(april.visits.map((v) => v.label), ['公告', '制证']);
    assert.deepEqual(april.end, { outcome: 'approved', at: day('2026-04-02'), onTime: true });
    const march = reportCase(full, facts(history(APPROVED)), calendar, { since: day('2026-03-01'), until: day('2026-03-28') });
    assert.equal(march.visits.length, 5);
    assert.equal(march.end?.onTime, null, 'ended after the period: not judged');
  });
});
