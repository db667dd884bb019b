import { deadline, shanghaiDateOf, type ClockPause, type WorkingDayCalendar } from '../calendar/index.ts';
import { clockStops, legalLimitDays, pathOf } from './engine.ts';
import type { CaseEventInput, CasePath, EndOutcome, WorkflowVariant } from './types.ts';

/**
 * What the 统计 of the staff console counts of one case: when it was accepted and ended, whether
 * it ended within the law's limits, and how long it stayed in each node it left. Pure: the
 * server loads the history and the 中止 periods, and sums these over cases.
 */

/** A 中止审查: from its start to its 恢复 (none while it lasts), instants. */
export interface SuspensionSpan {
  suspendedAt: string;
  resumedAt?: string;
}

export interface CaseFacts {
  submittedAt: string;
  history: readonly CaseEventInput[];
  /** Art.42 延期 approved for the case: working days added to its decision limit. */
  extensionDays: number;
  suspensions: readonly SuspensionSpan[];
}

/** One stay of the case in a node that it has left. */
export interface NodeVisit {
  node: string;
  label: string;
  enteredAt: string;
  leftAt: string;
  /** Working days from the day after entry to the day it was left, inclusive; 中止 periods not counted. */
  workingDays: number;
}

export interface CaseReport {
  /** The 受理 (accept) event's instant, if the case was accepted. */
  acceptedAt?: string;
  end?: {
    outcome: EndOutcome;
    at: string;
    /**
     * Whether it ended within the law's limits (null for a withdrawal: nothing was due, and for an
     * end outside the period asked). Not
     * accepted: the 不予受理 within the 受理 node's limit. Otherwise: the decision (the case leaving
     * its last deciding node) within the decision limit — counted from 受理, with the clock stopped
     * in 补正, 专家评审 and 公示 and while 中止, plus approved 延期 days — and 制证, where there is
     * one, within its own limit.
     */
    onTime: boolean | null;
  };
  visits: NodeVisit[];
}

/** Outcomes that grant or complete what was asked. */
export const GRANTED_OUTCOMES: readonly EndOutcome[] = ['approved', 'filed', 'cancelled', 'forwarded'];
/** Outcomes that refuse it. */
export const REFUSED_OUTCOMES: readonly EndOutcome[] = ['rejected', 'not-accepted'];

function pausesOf(suspensions: readonly SuspensionSpan[], from: string, to: string): ClockPause[] {
  return suspensions
    .filter((s) => s.suspendedAt < to && (s.resumedAt === undefined || s.resumedAt > from))
    .map((s) => ({ from: shanghaiDateOf(s.suspendedAt), to: s.resumedAt ? shanghaiDateOf(s.resumedAt) : undefined }));
}

/**
 * Answers remembered across the cases of one report: the same (entry day, exit day, pauses)
 * recur across thousands of cases, and each answer walks the calendar day by day.
 */
export type ReportMemo = Map<string, number | boolean>;

const pausesKey = (pauses: readonly ClockPause[]) => pauses.map((p) => `${p.from}~${p.to ?? ''}`).join(',');

function remembered<T extends number | boolean>(memo: ReportMemo | undefined, key: string, compute: () => T): T {
  if (!memo) return compute();
  let value = memo.get(key) as T | undefined;
  if (value === undefined) memo.set(key, (value = compute()));
  return value;
}

/** Working days spent between two instants (Beijing days after `from` up to `to`), pauses skipped. */
function workingDaysBetween(from: string, to: string, pauses: readonly ClockPause[], calendar: WorkingDayCalendar, memo?: ReportMemo): number {
  const [start, end] = [shanghaiDateOf(from), shanghaiDateOf(to)];
  return remembered(memo, `d${start}/${end}|${pausesKey(pauses)}`, () => deadline(start, 1, pauses, calendar, end).usedDays);
}

/** Whether a period of `limitDays` from `from` had not run out on the day of `at`. */
function within(from: string, limitDays: number, pauses: readonly ClockPause[], at: string, calendar: WorkingDayCalendar, memo?: ReportMemo): boolean {
  const [start, end] = [shanghaiDateOf(from), shanghaiDateOf(at)];
  return remembered(memo, `w${start}/${limitDays}/${end}|${pausesKey(pauses)}`, () => !deadline(start, limitDays, pauses, calendar, end).overdue);
}

export interface ReportOptions {
  /** Shared by the cases of one report (and one calendar) only. */
  memo?: ReportMemo;
  /** Only stays left, and an end, at or after `since` and before `until` (ISO instants) are worked out. */
  since?: string;
  until?: string;
}

/**
 * Where the decision clock (Art.42, counted from 受理 at `since`) stood still — 补正, 专家评审, 公示 —
 * in Beijing days: the stops of the case's path that had not ended before it. One rule for the
 * live case deadline (cases/case-deadlines.ts) and the 统计 of decided cases.
 */
export function decisionClockStops(path: CasePath, since: string): ClockPause[] {
  return clockStops(path)
    .filter((p) => (p.to ?? '9999') >= since)
    .map((p) => ({ from: shanghaiDateOf(p.from), to: p.to ? shanghaiDateOf(p.to) : undefined }));
}

export function reportCase(variant: WorkflowVariant, facts: CaseFacts, calendar: WorkingDayCalendar, options: ReportOptions = {}): CaseReport {
  const { memo } = options;
  const inPeriod = (at: string) => (options.since === undefined || Date.parse(at) >= Date.parse(options.since)) && (options.until === undefined || Date.parse(at) < Date.parse(options.until));
  const path = pathOf(variant, facts.history, facts.submittedAt);
  const visits: NodeVisit[] = [];
  for (const step of path.steps) {
    if (!step.event || !inPeriod(step.event.at)) continue;
    const pauses = pausesOf(facts.suspensions, step.enteredAt, step.event.at);
    visits.push({ node: step.node.key, label: step.node.label, enteredAt: step.enteredAt, leftAt: step.event.at, workingDays: workingDaysBetween(step.enteredAt, step.event.at, pauses, calendar, memo) });
  }
  const acceptedAt = facts.history.find((e) => e.node === variant.start && e.action === 'accept')?.at;
  const report: CaseReport = { ...(acceptedAt ? { acceptedAt } : {}), visits };
  if (path.state.status !== 'ended') return report;

  const { end, endedAt } = path.state;
  let onTime: boolean | null = null;
  if (end.outcome !== 'withdrawn' && inPeriod(endedAt)) {
    const stepsWithEvents = path.steps.filter((s) => s.event);
    if (!acceptedAt) {
      // 不予受理 (or a case ended before 受理): the last stay in the 受理 node, within its limit.
      const last = stepsWithEvents.at(-1)!;
      const limit = last.node.timeLimitDays;
      onTime = limit === undefined ? true : within(last.enteredAt, limit, pausesOf(facts.suspensions, last.enteredAt, endedAt), endedAt, calendar, memo);
    } else {
      const issue = stepsWithEvents.find((s) => s.node.kind === 'issue');
      const decidedAt = issue ? issue.enteredAt : endedAt;
      const pauses = [...decisionClockStops(path, acceptedAt), ...pausesOf(facts.suspensions, acceptedAt, decidedAt)];
      const decided = within(acceptedAt, legalLimitDays(variant) + facts.extensionDays, pauses, decidedAt, calendar, memo);
      const issued = !issue || issue.node.timeLimitDays === undefined || within(issue.enteredAt, issue.node.timeLimitDays, pausesOf(facts.suspensions, issue.enteredAt, endedAt), endedAt, calendar, memo);
      onTime = decided && issued;
    }
  }
  return { ...report, end: { outcome: end.outcome, at: endedAt, onTime } };
}
