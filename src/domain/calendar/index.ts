export type { CalendarDayKind, CalendarEntry, HolidayYear } from './holidays.ts';
export { HOLIDAY_ENTRIES, HOLIDAY_YEARS, PUBLISHED_YEARS } from './holidays.ts';
export type { CalendarOptions, ClockPause, DeadlineStatus, WorkingDayCalendar } from './working-days.ts';
export {
  DEFAULT_CALENDAR,
  addCalendarDays,
  addYears,
  assertIsoDate,
  chineseDate,
  createCalendar,
  daysLeft,
  deadline,
  isIsoDate,
  isOverdue,
  isYearPublished,
  shanghaiDateOf,
  shanghaiDateTime,
  shanghaiMinute,
  shanghaiDayStart,
  weekdayOf,
} from './working-days.ts';
