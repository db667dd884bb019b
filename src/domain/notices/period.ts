/**
 * The 公示 period (REFERENCE §1.4.3: length unconfirmed, default 10 working days). It starts on
 * the day of publication and lasts `days` working days after it (行政许可法第八十二条: working
 * days, holidays excluded); a 陈述 is accepted up to and including the last day.
 */
import type { WorkingDayCalendar } from '../calendar/index.ts';

export interface NoticePeriod {
  /** Publication day, YYYY-MM-DD (Asia/Shanghai). */
  startsOn: string;
  /** Last day a 陈述 is accepted. */
  endsOn: string;
  days: number;
}

export function noticePeriod(publishedOn: string, days: number, calendar: WorkingDayCalendar): NoticePeriod {
  if (!Number.isInteger(days) || days < 1 || days > 60) throw new RangeError(`公示期应为 1–60 个工作日：${days}`);
  return { startsOn: publishedOn, endsOn: calendar.addWorkingDays(publishedOn, days), days };
}

/** Whether a 陈述 filed on `today` (YYYY-MM-DD, Asia/Shanghai) is within the period. */
export function statementWindowOpen(period: Pick<NoticePeriod, 'startsOn' | 'endsOn'>, today: string): boolean {
  return today >= period.startsOn && today <= period.endsOn;
}

/** Whether the period has ended by `today` (the job closes it the day after its last day). */
export function periodEnded(period: Pick<NoticePeriod, 'endsOn'>, today: string): boolean {
  return today > period.endsOn;
}
