import type { Kysely } from 'kysely';
import { shanghaiDayStart, addCalendarDays } from '../../domain/calendar/index.ts';
import { findApplicationType, ITEMS } from '../../domain/items/index.ts';
import { getVariant, listQueues, VARIANTS } from '../../domain/workflow/index.ts';
import { GRANTED_OUTCOMES, REFUSED_OUTCOMES, reportCase, type CaseReport, type ReportMemo } from '../../domain/workflow/case-report.ts';
import { STATISTICS_MAX_DAYS, type NodeTime, type StatisticsFigures, type StatisticsQuery, type StatisticsReport } from '../../contract/statistics.ts';
import type { Presented } from '../http/contract.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { checkDayRange } from '../day-range.ts';
import { caseHistories } from '../cases/case-transition.ts';
import type { createCaseSuspensions } from '../cases/case-suspensions.ts';
import { countOverdueByGroup, listCasesActiveIn, type OverdueFilter } from './review.repository.ts';

/** Cases whose histories are read per query (IN lists stay well under the protocol's limits). */
const CHUNK = 1000;

/** Nodes in the order a case meets them (variants in order, each node where it first appears). */
const NODE_ORDER = [...new Set(Object.values(VARIANTS).flatMap((v) => v.nodes.map((n) => n.key)))];

interface Tally {
  received: number;
  accepted: number;
  decided: number;
  granted: number;
  refused: number;
  withdrawn: number;
  onTime: number;
  overdueNow: number;
  /** By node label: stays and their working days. */
  nodes: Map<string, { node: string; label: string; visits: number; days: number; max: number }>;
}

const emptyTally = (): Tally => ({ received: 0, accepted: 0, decided: 0, granted: 0, refused: 0, withdrawn: 0, onTime: 0, overdueNow: 0, nodes: new Map() });

const inPeriod = (at: string | Date | undefined, from: Date, to: Date) => at !== undefined && new Date(at) >= from && new Date(at) < to;

function count(t: Tally, report: CaseReport, submittedAt: Date, from: Date, to: Date) {
  if (inPeriod(submittedAt, from, to)) t.received += 1;
  if (inPeriod(report.acceptedAt, from, to)) t.accepted += 1;
  const end = report.end;
  if (end && inPeriod(end.at, from, to)) {
    if (end.outcome === 'withdrawn') t.withdrawn += 1;
    else {
      t.decided += 1;
      if (GRANTED_OUTCOMES.includes(end.outcome)) t.granted += 1;
      if (REFUSED_OUTCOMES.includes(end.outcome)) t.refused += 1;
      if (end.onTime) t.onTime += 1;
    }
  }
  // reportCase was given the period: its stays are those left in it.
  for (const visit of report.visits) {
    const n = t.nodes.get(visit.label) ?? { node: visit.node, label: visit.label, visits: 0, days: 0, max: 0 };
    n.visits += 1;
    n.days += visit.workingDays;
    n.max = Math.max(n.max, visit.workingDays);
    t.nodes.set(visit.label, n);
  }
}

function merge(into: Tally, t: Tally) {
  for (const key of ['received', 'accepted', 'decided', 'granted', 'refused', 'withdrawn', 'onTime', 'overdueNow'] as const) into[key] += t[key];
  for (const n of t.nodes.values()) {
    const m = into.nodes.get(n.label) ?? { ...n, visits: 0, days: 0, max: 0 };
    m.visits += n.visits;
    m.days += n.days;
    m.max = Math.max(m.max, n.max);
    into.nodes.set(n.label, m);
  }
}

function figures(t: Tally): StatisticsFigures {
  const nodes: NodeTime[] = [...t.nodes.values()]
    .sort((a, b) => NODE_ORDER.indexOf(a.node) - NODE_ORDER.indexOf(b.node) || a.label.localeCompare(b.label, 'zh'))
    .map((n) => ({ node: n.node, label: n.label, visits: n.visits, averageWorkingDays: Math.round((n.days / n.visits) * 10) / 10, maxWorkingDays: n.max }));
  const { nodes: _, ...counts } = t;
  return { ...counts, onTimeRate: t.decided > 0 ? t.onTime / t.decided : null, nodes };
}

const hasFigures = (t: Tally) => t.received + t.accepted + t.decided + t.withdrawn + t.overdueNow + t.nodes.size > 0;

/**
 * 统计 for the 负责人: over a period, per item and 申请内容 — 收件, 受理, 办结 (准予/不予), 撤回,
 * 按时办结率, average working days per node — and the cases overdue now. Counts come from the
 * cases' workflow histories (the same engine that ran them), not from separate counters.
 */
export function createStatistics(deps: {
  db: Kysely<DB>;
  calendar: CalendarService;
  clock: Clock;
  suspensions: ReturnType<typeof createCaseSuspensions>;
  overdueEntries(statuses: readonly ('submitted' | 'correction')[], nodes: readonly string[]): Promise<OverdueFilter>;
}) {
  const { db } = deps;

  async function overdueByGroup(item: string | undefined) {
    const queues = listQueues();
    const nodes = [...new Set(queues.flatMap((q) => q.nodeKeys))];
    const statuses = ['submitted', 'correction'] as const;
    const overdue = await deps.overdueEntries(statuses, nodes);
    if (overdue.cutoffs.length === 0) return [];
    return countOverdueByGroup(db, { statuses, nodes, item, overdue });
  }

  return {
    async report(query: StatisticsQuery): Promise<Presented<StatisticsReport>> {
      checkDayRange(query);
      if (addCalendarDays(query.from, STATISTICS_MAX_DAYS - 1) < query.to) throw appError('STATISTICS_RANGE_TOO_LONG', { maxDays: STATISTICS_MAX_DAYS });
      const from = shanghaiDayStart(query.from);
      const to = shanghaiDayStart(query.to, 1);
      const asOf = deps.clock.now();
      const calendar = await deps.calendar.current();
      const cases = await listCasesActiveIn(db, { from, to, item: query.item });

      const groups = new Map<string, { item: string; applicationType: string | null; tally: Tally }>();
      const group = (item: string, applicationType: string | null) => {
        const key = `${item}\u0000${applicationType ?? ''}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { item, applicationType, tally: emptyTally() }));
        return g.tally;
      };
      let skipped = 0;
      const memo: ReportMemo = new Map();
      for (let i = 0; i < cases.length; i += CHUNK) {
        const chunk = cases.slice(i, i + CHUNK);
        const ids = chunk.map((c) => c.id);
        const [histories, paused] = await Promise.all([caseHistories(db, ids), deps.suspensions.ofCases(ids)]);
        for (const c of chunk) {
          let report: CaseReport;
          try {
            report = reportCase(
              getVariant(c.workflow!),
              {
                submittedAt: c.submittedAt!.toISOString(),
                history: histories.get(c.id) ?? [],
                extensionDays: c.extensionDays,
                suspensions: (paused.get(c.id) ?? []).map((s) => ({ suspendedAt: s.suspendedAt.toISOString(), ...(s.resumedAt ? { resumedAt: s.resumedAt.toISOString() } : {}) })),
              },
              calendar,
              { memo, since: from.toISOString(), until: to.toISOString() },
            );
          } catch {
            skipped += 1; // a history the engine cannot replay: left out, and the page says how many
            continue;
          }
          count(group(c.item, c.applicationType), report, c.submittedAt!, from, to);
        }
      }
      for (const o of await overdueByGroup(query.item)) group(o.item, o.applicationType).overdueNow += o.count;

      const total = emptyTally();
      const rows = [];
      // The catalogue's order: items, then each item's 申请内容 as its form lists them.
      const rank = (item: string, type: string | null) => {
        const i = ITEMS.findIndex((x) => x.code === item);
        const t = i < 0 || !type ? -1 : ITEMS[i]!.applicationTypes.findIndex((x) => x.value === type);
        return (i < 0 ? ITEMS.length : i) * 1000 + t;
      };
      for (const g of [...groups.values()].sort((a, b) => rank(a.item, a.applicationType) - rank(b.item, b.applicationType))) {
        if (!hasFigures(g.tally)) continue;
        merge(total, g.tally);
        const item = ITEMS.find((x) => x.code === g.item);
        rows.push({
          item: g.item,
          itemTitle: item?.title ?? g.item,
          applicationType: g.applicationType,
          applicationTypeLabel: (item && g.applicationType && findApplicationType(item, g.applicationType)?.label) || null,
          ...figures(g.tally),
        });
      }
      return { from: query.from, to: query.to, item: query.item ?? null, asOf, rows, total: figures(total), skipped };
    },
  };
}
