/**
 * Staff are warned (消息中心, and email when SMTP is set) when a case they hold is two working
 * days or less from its node deadline — once per stay in a node, written with its record so two
 * instances never warn twice. A suspended case's clock stands: no warning while it does.
 */
import type { Kysely } from 'kysely';
import { chineseDate } from '../../domain/calendar/index.ts';
import { findItem } from '../../domain/items/index.ts';
import { findNode, getVariant } from '../../domain/workflow/index.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { writeMessage } from '../notifications/notify.ts';
import { insertDeadlineWarning, listHeldUnwarned } from './case-holders.repository.ts';
import { createCaseDeadlines, type Suspension } from './case-deadlines.ts';
import { listSuspensions } from './case-suspensions.repository.ts';

/** Working days before a node deadline at which the holder is warned. */
export const DEADLINE_WARNING_DAYS = 2;

export function createDeadlineWarnings(deps: { db: Kysely<DB>; calendar: CalendarService; clock: Clock; emailEnabled: boolean; publicUrl: string }) {
  const { db, clock } = deps;
  const deadlines = createCaseDeadlines({ db, calendar: deps.calendar, clock });

  return {
    /** Warns every holder now due a warning; how many were warned. */
    async run(): Promise<number> {
      const rows = await listHeldUnwarned(db);
      const pauses = new Map<string, Suspension[]>();
      for (const s of await listSuspensions(db, rows.map((r) => r.id))) pauses.set(s.applicationId, [...(pauses.get(s.applicationId) ?? []), s]);
      let warned = 0;
      for (const r of rows) {
        const d = await deadlines.nodeDeadline(r, undefined, pauses.get(r.id));
        if (!d?.due || d.suspended || d.remainingDays > DEADLINE_WARNING_DAYS) continue;
        const node = findNode(getVariant(r.workflow!), r.node!)?.label ?? r.node;
        const item = findItem(r.item)?.title ?? r.item;
        const left = d.overdue ? `已逾期 ${-d.remainingDays} 个工作日，请尽快办理` : d.remainingDays === 0 ? '今天到期，请及时办理' : `还剩 ${d.remainingDays} 个工作日，请及时办理`;
        const now = clock.now();
        await db.transaction().execute(async (tx) => {
          if (!(await insertDeadlineWarning(tx, { applicationId: r.id, nodeEnteredAt: r.nodeEnteredAt!, accountId: r.holderAccountId!, warnedAt: now }))) return;
          await writeMessage(
            tx,
            {
              accountId: r.holderAccountId!,
              applicationId: r.id,
              kind: 'deadline-warning',
              title: `申报编号${r.number}：「${node}」办理时限将至`,
              body: `您认领的申报编号${r.number}（${item}）「${node}」环节办理时限至${chineseDate(d.due!)}，${left}。`,
              link: `${deps.publicUrl}/staff/cases/${r.id}`,
            },
            { email: r.email ?? undefined },
            { emailEnabled: deps.emailEnabled, now },
          );
          warned += 1;
        });
      }
      return warned;
    },
  };
}

export type DeadlineWarnings = ReturnType<typeof createDeadlineWarnings>;
