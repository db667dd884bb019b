export type { CalendarDayKind, CalendarEntry, HolidayYear } from './holidays.ts';
export { HOLIDAY_ENTRIES, HOLIDAY_YEARS, PUBLISHED_YEARS } from './holidays.ts';
export type { CalendarOptions, ClockPause, DeadlineStatus, WorkingDayCalendar } from './working-days.ts';
export {
  DEFAULT_CALENDAR,
  addCalendarDays,
  assertIsoDate,
  createCalendar,
  daysLeft,
  deadline,
  isIsoDate,
  isOverdue,
  isYearPublished,
  shanghaiDateOf,
  weekdayOf,
} from './working-days.ts';
