/**
 * The 公示 period (REFERENCE §1.4.3: length unconfirmed, default 10 working days), in working days
 * (行政许可法第八十二条: holidays excluded). Counted as the ministry publishes it: the day of
 * publication is day 1 when it is a working day — "公示时间为10日 … 2009年9月7日至9月18日", a
 * Monday to the Friday of the next week (REFERENCE §6.2 [M]) — otherwise day 1 is the next working
 * day. Both ends are inclusive; a 陈述 is accepted up to and including the last day.
 */
import type { WorkingDayCalendar } from '../calendar/index.ts';
import { NOTICE_PERIOD_DAYS } from '../workflow/variants.ts';

/** Bounds of a 公示 period the publisher may set, working days; the default is NOTICE_PERIOD_DAYS. */
export const NOTICE_PERIOD_MIN_DAYS = 1;
export const NOTICE_PERIOD_MAX_DAYS = 60;
export { NOTICE_PERIOD_DAYS };
export const NOTICE_PERIOD_RANGE_MESSAGE = `公示期应为 ${NOTICE_PERIOD_MIN_DAYS}–${NOTICE_PERIOD_MAX_DAYS} 个工作日`;

/** Whether `days` is a period the publisher may set. */
export const isNoticePeriodDays = (days: number) => Number.isInteger(days) && days >= NOTICE_PERIOD_MIN_DAYS && days <= NOTICE_PERIOD_MAX_DAYS;

export interface NoticePeriod {
  /** Publication day, YYYY-MM-DD (Asia/Shanghai). */
  startsOn: string;
  /** Last day a 陈述 is accepted. */
  endsOn: string;
  days: number;
}

/** How the period is counted; data a commission may change (the ministry's practice is the default). */
export interface NoticeCounting {
  /** Whether a publication day that is a working day counts as day 1. */
  countsPublicationDay: boolean;
}

export const MINISTRY_COUNTING: NoticeCounting = { countsPublicationDay: true };

export function noticePeriod(publishedOn: string, days: number, calendar: WorkingDayCalendar, counting: NoticeCounting = MINISTRY_COUNTING): NoticePeriod {
  if (!isNoticePeriodDays(days)) throw new RangeError(`${NOTICE_PERIOD_RANGE_MESSAGE}：${days}`);
  const firstDayCounts = counting.countsPublicationDay && calendar.isWorkingDay(publishedOn);
  return { startsOn: publishedOn, endsOn: calendar.addWorkingDays(publishedOn, firstDayCounts ? days - 1 : days), days };
}

/** Whether a 陈述 filed on `today` (YYYY-MM-DD, Asia/Shanghai) is within the period. */
export function statementWindowOpen(period: Pick<NoticePeriod, 'startsOn' | 'endsOn'>, today: string): boolean {
  return today >= period.startsOn && today <= period.endsOn;
}

/** Whether the period has ended by `today` (the job closes it the day after its last day). */
export function periodEnded(period: Pick<NoticePeriod, 'endsOn'>, today: string): boolean {
  return today > period.endsOn;
}
