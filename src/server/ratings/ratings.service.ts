import type { Kysely } from 'kysely';
import { isIsoDate, shanghaiDateOf, type WorkingDayCalendar } from '../../domain/calendar/index.ts';
import { ITEMS, findItem } from '../../domain/items/index.ts';
import {
  FOLLOW_UP_METHODS,
  FOLLOW_UP_NOTE_MAX,
  FOLLOW_UP_RESPONSES,
  MEASURES_MAX,
  RATABLE_OUTCOMES,
  RATING_COMMENT_MAX,
  RATING_LABELS,
  RATING_LEVELS,
  RECTIFICATION_DAYS,
  emptyLevelCounts,
  isBadRating,
  isRatableOutcome,
  isRatingLevel,
  satisfactionRate,
} from '../../domain/ratings.ts';
import { findEnd, getVariant, isWorkflowVariantName } from '../../domain/workflow/index.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { caseRolesOrThrow, requireRole } from '../auth/staff-roles.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { contactsOf } from '../cases/case-effects.ts';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import type { RatingInput, RatingStats, RatingStatsRow, RectificationInput } from '../../contract/ratings.ts';
import { appError, type AppError, type FieldError } from '../errors.ts';
import { writeMessage } from '../notifications/notify.ts';
import {
  closeRectification,
  countLevels,
  countRectifications,
  findOwnCase,
  findRatingOfCase,
  findRectification,
  insertRating,
  insertRectification,
  listRatableCases,
  listRectifications,
  lockRectification,
  type RatingWithRectification,
  type RectificationRow,
} from './ratings.repository.ts';


export type { RatingInput, RatingStats, RatingStatsRow, RectificationInput } from '../../contract/ratings.ts';

/** Why a case cannot be rated now; undefined when it can (or has been). */
function refusal(c: { status: string; outcome: string | null }): AppError | undefined {
  if (c.status !== 'closed') return appError('RATING_CASE_OPEN');
  if (c.outcome === 'withdrawn') return appError('RATING_CASE_WITHDRAWN');
  if (!isRatableOutcome(c.outcome)) return appError('RATING_NOT_APPLICABLE');
  return undefined;
}

const chars = (s: string) => [...s].length;

function outcomeLabel(workflow: string | null, outcome: string | null): string | null {
  if (!outcome || !workflow || !isWorkflowVariantName(workflow)) return outcome;
  return findEnd(getVariant(workflow), `end:${outcome}`)?.label ?? outcome;
}

function followUpOf(r: Pick<RectificationRow, 'followUpOn' | 'followUpMethod' | 'followUpResponse' | 'followUpNote'>) {
  if (!r.followUpOn || !r.followUpMethod || !r.followUpResponse) return null;
  return {
    on: r.followUpOn,
    method: r.followUpMethod,
    methodLabel: FOLLOW_UP_METHODS[r.followUpMethod],
    response: r.followUpResponse,
    responseLabel: FOLLOW_UP_RESPONSES[r.followUpResponse],
    note: r.followUpNote,
  };
}

/**
 * 政务服务好差评: the applicant rates an ended case once; a 差评 opens a 整改 for the 负责人, due in
 * 15 working days, closed with the measures and the 回访, which the applicant is told of.
 */
export function createRatingsService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock; calendar: CalendarService; publicUrl: string; emailEnabled: boolean }) {
  const { db, audit, clock, calendar } = deps;

  async function ownCase(a: Account, id: string) {
    if (!isUuid(id)) throw appError('APPLICATION_NOT_FOUND');
    const c = await findOwnCase(db, a.id, id);
    if (!c) throw appError('APPLICATION_NOT_FOUND');
    return c;
  }

  /** What the applicant sees: its rating as given, and the 整改 and 回访 it led to. */
  function applicantView(c: { id: string; number: string | null; status: string; outcome: string | null }, r: RatingWithRectification | undefined, today: string) {
    const why = refusal(c);
    return {
      applicationId: c.id,
      number: c.number,
      state: r ? ('rated' as const) : why ? (c.status === 'closed' ? ('excluded' as const) : ('not-ended' as const)) : ('ratable' as const),
      message: r ? null : (why?.message ?? null),
      rating: r ? { level: r.level, levelLabel: RATING_LABELS[r.level], comment: r.comment, ratedAt: r.ratedAt } : null,
      rectification:
        r?.rectificationId && r.rectificationStatus
          ? {
              status: r.rectificationStatus,
              dueOn: r.dueOn!,
              overdue: r.rectificationStatus === 'open' && today > r.dueOn!,
              measures: r.measures,
              followUp: followUpOf(r),
              closedAt: r.closedAt,
            }
          : null,
    };
  }

  function staffRectification(r: RectificationRow, today: string, cal: WorkingDayCalendar) {
    const open = r.status === 'open';
    return {
      id: r.id,
      status: r.status,
      openedAt: r.openedAt,
      dueOn: r.dueOn,
      overdue: open && today > r.dueOn,
      /** Working days left after today up to the due day; negative once overdue; null when closed. */
      remainingDays: open ? cal.workingDaysBetween(today, r.dueOn) : null,
      closedLate: !open && r.closedAt !== null && shanghaiDateOf(r.closedAt) > r.dueOn,
      applicationId: r.applicationId,
      number: r.number,
      item: r.item,
      itemTitle: findItem(r.item)?.title ?? r.item,
      applicantName: r.applicantName,
      outcomeLabel: outcomeLabel(r.workflow, r.outcome),
      level: r.level,
      levelLabel: RATING_LABELS[r.level],
      comment: r.comment,
      ratedAt: r.ratedAt,
      measures: r.measures,
      followUp: followUpOf(r),
      closedAt: r.closedAt,
      closedByName: r.closedByName,
    };
  }

  function validateRectification(input: RectificationInput, today: string, ratedOn: string): RectificationInput {
    const errors: FieldError[] = [];
    const measures = input.measures.trim();
    if (!measures) errors.push({ path: 'measures', message: '请填写整改措施' });
    else if (chars(measures) > MEASURES_MAX) errors.push({ path: 'measures', message: `整改措施不能超过 ${MEASURES_MAX} 个字` });
    if (!isIsoDate(input.followUpOn)) errors.push({ path: 'followUpOn', message: '回访日期不是有效日期' });
    else if (input.followUpOn > today) errors.push({ path: 'followUpOn', message: '回访日期不能晚于今天' });
    else if (input.followUpOn < ratedOn) errors.push({ path: 'followUpOn', message: `回访日期不能早于评价日期（${ratedOn}）` });
    const note = input.followUpNote?.trim() ?? '';
    if (chars(note) > FOLLOW_UP_NOTE_MAX) errors.push({ path: 'followUpNote', message: `回访情况不能超过 ${FOLLOW_UP_NOTE_MAX} 个字` });
    if (errors.length > 0) throw appError('RECTIFICATION_INVALID', { first: errors[0]!.message }, { fieldErrors: errors });
    return { ...input, measures, ...(note ? { followUpNote: note } : { followUpNote: undefined }) };
  }

  return {
    /** The account's ended cases that take a rating, and whether each has one (办事进度, 消息中心). */
    async mine(actor: Actor) {
      const a = requireAccount(actor);
      const rows = await listRatableCases(db, a.id, RATABLE_OUTCOMES);
      return {
        cases: rows.map((r) => ({
          applicationId: r.id,
          rated: r.level !== null,
          level: r.level,
          levelLabel: r.level ? RATING_LABELS[r.level] : null,
          rectification: r.rectificationStatus,
        })),
      };
    },

    /** The rating tab of one case: can it be rated, the rating given, its 整改. */
    async view(actor: Actor, id: string) {
      const c = await ownCase(requireAccount(actor), id);
      const rating = await findRatingOfCase(db, c.id);
      return applicantView(c, rating, shanghaiDateOf(clock.now()));
    },

    /** One rating per case by its owner, after it ended (not 撤回); a 差评 opens a 整改 due in 15 working days. */
    async rate(actor: Actor, id: string, input: RatingInput) {
      const account = requireAccount(actor);
      const c = await ownCase(account, id);
      const why = refusal(c);
      if (why) throw why;
      if (!isRatingLevel(input.level)) throw appError('RATING_LEVEL_REQUIRED');
      const comment = input.comment?.trim() || null;
      if (comment && chars(comment) > RATING_COMMENT_MAX) throw appError('RATING_COMMENT_TOO_LONG');
      const now = clock.now();
      const bad = isBadRating(input.level);
      // Read before the transaction: the calendar has its own query.
      const dueOn = bad ? (await calendar.current()).addWorkingDays(shanghaiDateOf(now), RECTIFICATION_DAYS) : undefined;
      await db.transaction().execute(async (tx) => {
        const ratingId = await insertRating(tx, {
          id: crypto.randomUUID(),
          applicationId: c.id,
          accountId: account.id,
          item: c.item,
          outcome: c.outcome!,
          level: input.level,
          comment,
          ratedAt: now,
        });
        if (!ratingId) throw appError('RATING_ALREADY_GIVEN');
        const rectificationId = dueOn ? crypto.randomUUID() : undefined;
        if (rectificationId) await insertRectification(tx, { id: rectificationId, ratingId, openedAt: now, dueOn: dueOn! });
        await audit.record(
          {
            action: 'rating.submit',
            actorAccountId: account.id,
            objectType: 'application',
            objectId: c.id,
            actor,
            details: { ratingId, level: input.level, hasComment: comment !== null, ...(rectificationId ? { rectificationId, dueOn } : {}) },
          },
          tx,
        );
      });
      return this.view(actor, id);
    },

    /** Counts per item for the public page and the staff console: no comments, nobody named. */
    async statistics(): Promise<RatingStats> {
      const today = shanghaiDateOf(clock.now());
      const levels = await countLevels(db);
      const rects = await countRectifications(db, today);
      const codes = [...ITEMS.map((i) => i.code as string), ...new Set([...levels.map((l) => l.item), ...rects.map((r) => r.item)])].filter((c, i, all) => all.indexOf(c) === i);
      const rowOf = (item: string, itemTitle: string, keep: (code: string) => boolean): RatingStatsRow => {
        const counts = emptyLevelCounts();
        for (const l of levels) if (keep(l.item) && isRatingLevel(l.level)) counts[l.level] += Number(l.n);
        const r = { open: 0, overdue: 0, closed: 0, closedLate: 0 };
        for (const x of rects.filter((x) => keep(x.item))) {
          r.open += Number(x.open);
          r.overdue += Number(x.overdue);
          r.closed += Number(x.closed);
          r.closedLate += Number(x.closedLate);
        }
        const total = RATING_LEVELS.reduce((sum, l) => sum + counts[l], 0);
        return { item, itemTitle, total, levels: counts, satisfactionRate: satisfactionRate(counts), rectifications: r };
      };
      return {
        asOf: today,
        items: codes.map((code) => rowOf(code, findItem(code)?.title ?? code, (x) => x === code)),
        total: rowOf('all', '合计', () => true),
      };
    },

    /** 好差评统计 in the staff console: every case role. */
    async staffStatistics(actor: Actor) {
      caseRolesOrThrow(actor);
      return this.statistics();
    },

    /** 差评整改 tasks (负责人). */
    async rectifications(actor: Actor, status: 'open' | 'closed' | 'all' = 'all') {
      requireRole(actor, ['head']);
      const rows = await listRectifications(db, status);
      const today = shanghaiDateOf(clock.now());
      const cal = await calendar.current();
      return { today, rectifications: rows.map((r) => staffRectification(r, today, cal)) };
    },

    async rectification(actor: Actor, id: string) {
      requireRole(actor, ['head']);
      const row = isUuid(id) ? await findRectification(db, id) : undefined;
      if (!row) throw appError('RECTIFICATION_NOT_FOUND');
      return staffRectification(row, shanghaiDateOf(clock.now()), await calendar.current());
    },

    /** 整改措施 and 回访 recorded once by the 负责人: closes the task and tells the applicant. */
    async closeRectification(actor: Actor, id: string, input: RectificationInput) {
      const { account } = requireRole(actor, ['head']);
      if (!isUuid(id)) throw appError('RECTIFICATION_NOT_FOUND');
      const now = clock.now();
      const today = shanghaiDateOf(now);
      await db.transaction().execute(async (tx) => {
        const task = await lockRectification(tx, id);
        if (!task) throw appError('RECTIFICATION_NOT_FOUND');
        if (task.status !== 'open') throw appError('RECTIFICATION_CLOSED');
        const v = validateRectification(input, today, shanghaiDateOf(task.ratedAt));
        await closeRectification(tx, id, {
          measures: v.measures,
          followUpOn: v.followUpOn,
          followUpMethod: v.followUpMethod,
          followUpResponse: v.followUpResponse,
          followUpNote: v.followUpNote ?? null,
          closedBy: account.id,
          closedAt: now,
        });
        await audit.record(
          {
            action: 'rating.rectify',
            actorAccountId: account.id,
            objectType: 'rating_rectification',
            objectId: id,
            actor,
            details: { applicationId: task.applicationId, followUpMethod: v.followUpMethod, followUpResponse: v.followUpResponse, dueOn: task.dueOn, onTime: today <= task.dueOn },
          },
          tx,
        );
        await writeMessage(
          tx,
          {
            accountId: task.accountId,
            applicationId: task.applicationId,
            kind: 'rating.rectified',
            title: `申报编号${task.number}：差评整改已完成`,
            body: `您对“${findItem(task.item)?.title ?? task.item}”办理服务的评价已整改并回访（${FOLLOW_UP_METHODS[v.followUpMethod]}，${v.followUpOn}）。整改措施和回访结果可在该申请的“服务评价”中查看，您的评价保持不变。`,
            link: `${deps.publicUrl}/my/cases/${task.applicationId}?tab=rating`,
          },
          contactsOf(task),
          { emailEnabled: deps.emailEnabled, now },
        );
      });
      return this.rectification(actor, id);
    },
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
