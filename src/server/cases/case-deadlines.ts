import { clockStops, findNode, getVariant, legalLimitDays, pathOf, VARIANTS, type CaseEventInput, type NodeDefinition } from '../../domain/workflow/index.ts';
import { addCalendarDays, deadline, shanghaiDateOf, shanghaiDayStart, type WorkingDayCalendar } from '../../domain/calendar/index.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Clock } from '../clock.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { listSuspensions } from './case-suspensions.repository.ts';
import type { ClockPause } from '../../domain/calendar/index.ts';
import { decisionClockStops } from '../../domain/workflow/case-report.ts';

/** Whether a node's deadline runs while a case sits in it (the staff console shows and filters it). */
const hasNodeDeadline = (node: NodeDefinition | undefined): node is NodeDefinition & { timeLimitDays: number } =>
  Boolean(node?.timeLimitDays) && (node!.clock === 'runs' || node!.kind === 'correction');

/**
 * The last day a node of `limitDays` may have been entered on for its deadline to have passed by
 * `now`: the due date only moves forward with the entry date, so overdue ⇔ entered on or before it.
 */
function lastOverdueEntryDay(limitDays: number, calendar: WorkingDayCalendar, now: Date): string {
  let day = shanghaiDateOf(now);
  while (!deadline(day, limitDays, [], calendar, now).overdue) day = addCalendarDays(day, -1);
  return day;
}

/** A 中止审查 of a case: from its start to its 恢复 (none while it lasts). */
export interface Suspension {
  suspendedAt: Date;
  resumedAt: Date | null;
}

/** Suspensions as clock pauses in Beijing days, those begun at or after `since` (a node's entry) only. */
function suspensionPauses(suspensions: readonly Suspension[], since?: Date): ClockPause[] {
  return suspensions
    .filter((s) => !since || s.suspendedAt >= since)
    .map((s) => ({ from: shanghaiDateOf(s.suspendedAt), to: s.resumedAt ? shanghaiDateOf(s.resumedAt) : undefined }));
}

/** What a case's statutory clock is computed from. */
type CaseClockRow = { id: string; workflow: string | null; submittedAt: Date | null; status: string; extensionDays: number };

/** When the decision clock started: 受理, or submission once 逾期未告知，视为受理; none before, nor for a closed case. */
function clockStart(application: CaseClockRow, history: readonly CaseEventInput[], deemedAccepted: boolean): string | undefined {
  if (!application.workflow || !application.submittedAt || application.status === 'closed') return undefined;
  const accepted = history.find((e) => e.node === 'accept' && e.action === 'accept');
  return accepted?.at ?? (deemedAccepted ? application.submittedAt.toISOString() : undefined);
}

/** Working-day deadlines of a case, for the staff console and the applicant's 办事进度. */
export function createCaseDeadlines(deps: { db: Kysely<DB>; calendar: CalendarService; clock: Clock }) {
  const { clock } = deps;

  /**
   * Overdue as SQL can ask it: for each (workflow, node) among `nodes` whose deadline runs, the
   * instant a case must have entered it before to be overdue now. Same rule as nodeDeadline.
   */
  async function overdueEntryCutoffs(nodes: readonly string[], executor?: Kysely<DB>): Promise<{ workflow: string; node: string; enteredBefore: Date }[]> {
    const calendar = await deps.calendar.current(executor);
    const now = clock.now();
    const byLimit = new Map<number, Date>();
    const out: { workflow: string; node: string; enteredBefore: Date }[] = [];
    for (const variant of Object.values(VARIANTS)) {
      for (const node of variant.nodes) {
        if (!nodes.includes(node.key) || !hasNodeDeadline(node)) continue;
        let enteredBefore = byLimit.get(node.timeLimitDays);
        if (!enteredBefore) byLimit.set(node.timeLimitDays, (enteredBefore = shanghaiDayStart(lastOverdueEntryDay(node.timeLimitDays, calendar, now), 1)));
        out.push({ workflow: variant.name, node: node.key, enteredBefore });
      }
    }
    return out;
  }
  /**
   * The working-day deadline of the node a case sits in. 受理 past its 5 days without a 补正
   * notice is 逾期未告知，视为受理 (行政许可法 Art.32): the case counts as accepted from submission.
   * 补正 has the applicant's 补正期限, counted from the notice. A 中止审查 in the node stops its
   * clock as it stops the case's (`suspensions`: the case's, any order).
   */
  async function nodeDeadline(
    row: { workflow: string | null; node: string | null; nodeEnteredAt: Date | null },
    executor?: Kysely<DB>,
    suspensions: readonly Suspension[] = [],
  ) {
    if (!row.workflow || !row.node || !row.nodeEnteredAt) return null;
    const node = findNode(getVariant(row.workflow), row.node);
    if (!hasNodeDeadline(node)) return null;
    const pauses = suspensionPauses(suspensions, row.nodeEnteredAt);
    const status = deadline(shanghaiDateOf(row.nodeEnteredAt), node.timeLimitDays, pauses, await deps.calendar.current(executor), clock.now());
    const suspended = pauses.some((p) => p.to === undefined);
    return {
      due: status.due ?? null,
      remainingDays: status.remainingDays,
      overdue: status.overdue,
      nearDue: !status.overdue && !suspended && status.remainingDays <= 1,
      suspended,
      deemedAccepted: node.kind === 'accept' && status.overdue,
      unpublishedYears: status.unpublishedYears,
    };
  }

  /**
   * The whole case's statutory deadline: the decision limit of its variant (Art.42: 20 working
   * days; 5 for a filing) counted from 受理 — or from submission once 逾期未告知，视为受理 —
   * with the clock stopped while the case waits for the applicant or stands in 公示.
   */
  async function caseDeadline(
    application: CaseClockRow,
    history: CaseEventInput[],
    deemedAccepted: boolean,
    opts: { executor?: Kysely<DB>; suspensions?: readonly Suspension[] } = {},
  ) {
    const start = clockStart(application, history, deemedAccepted);
    if (!start || !application.workflow || !application.submittedAt) return null;
    const { executor } = opts;
    const variant = getVariant(application.workflow);
    const path = pathOf(variant, history, application.submittedAt.toISOString());
    const suspensions = opts.suspensions ?? (await listSuspensions(executor ?? deps.db, [application.id]));
    const suspendedNow = suspensions.some((s) => !s.resumedAt);
    const pauses = [
      ...decisionClockStops(path, start),
      // 中止审查: the time a case stands suspended is not counted.
      ...suspensionPauses(suspensions),
    ];
    // Art.42: an approved 延期 adds its days to the limit.
    const limitDays = legalLimitDays(variant) + application.extensionDays;
    const status = deadline(shanghaiDateOf(start), limitDays, pauses, await deps.calendar.current(executor), clock.now());
    // Stopped now: a stop that has not ended (the day a stop ends is not counted, but the clock runs again).
    const stops = clockStops(path);
    const stop = stops.length > 0 && !stops.at(-1)!.to ? stops.at(-1) : undefined;
    return {
      due: status.due ?? null,
      remainingDays: status.remainingDays,
      overdue: status.overdue,
      paused: stop !== undefined || suspendedNow,
      // Why the clock stands now (专家评审, 公示, 中止审查 …), for both sides to see.
      pausedFor: suspendedNow ? '中止审查' : stop ? (findNode(variant, stop.node)?.label ?? null) : null,
      limitDays,
      extensionDays: application.extensionDays,
      // Years the period runs into whose 调休 is not published: the date is provisional.
      unpublishedYears: status.unpublishedYears,
    };
  }

  /**
   * `caseDeadline` of several cases with one read of their suspensions: 办事进度 lists every
   * case of an account, and one query per accepted case grew with the account.
   */
  async function caseDeadlinesOf(cases: readonly { application: CaseClockRow; history: CaseEventInput[]; deemedAccepted: boolean }[]) {
    const started = cases.filter((c) => clockStart(c.application, c.history, c.deemedAccepted)).map((c) => c.application.id);
    const suspensions = await listSuspensions(deps.db, started);
    return Promise.all(
      cases.map((c) => caseDeadline(c.application, c.history, c.deemedAccepted, { suspensions: suspensions.filter((s) => s.applicationId === c.application.id) })),
    );
  }

  return { nodeDeadline, caseDeadline, caseDeadlinesOf, overdueEntryCutoffs };
}
