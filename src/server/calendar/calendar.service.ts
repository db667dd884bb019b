import type { Kysely } from 'kysely';
import { shanghaiDateOf, type WorkingDayCalendar } from '../../domain/calendar/index.ts';
import { calendarWithStatutoryHolidays } from '../../domain/calendar/statutory.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { listHolidays } from './calendar.repository.ts';

const TTL_MS = 5 * 60_000;

/** Years ahead for which statutory holidays are computed when no notice is entered yet. */
const YEARS_AHEAD = 10;

/**
 * The working-day calendar from the holidays table (editable), reloaded every few minutes. A year
 * without a published arrangement counts its statutory holidays (全国年节及纪念日放假办法) and stays
 * provisional until the 系统管理员 enters the notice.
 */
export function createCalendarService(deps: { db: Kysely<DB>; clock: Clock }) {
  let cached: { at: number; calendar: WorkingDayCalendar } | undefined;
  return {
    /** Forget the cached table (after an administrator edited it). */
    invalidate(): void {
      cached = undefined;
    },
    /**
     * The calendar, reloaded when stale. Inside a transaction pass it as `executor`: the embedded
     * database has one connection, which the transaction holds, so a read outside it would wait
     * for the transaction forever.
     */
    async current(executor: Kysely<DB> = deps.db): Promise<WorkingDayCalendar> {
      const now = deps.clock.now().getTime();
      if (cached && now - cached.at < TTL_MS) return cached.calendar;
      const rows = await listHolidays(executor);
      const year = Number(shanghaiDateOf(deps.clock.now()).slice(0, 4));
      const first = Math.min(year - 1, ...rows.map((r) => Number(r.date.slice(0, 4))));
      cached = { at: now, calendar: calendarWithStatutoryHolidays(rows, { from: first, to: year + YEARS_AHEAD }) };
      return cached.calendar;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
