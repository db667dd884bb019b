import type { Kysely } from 'kysely';
import { createCalendar, type WorkingDayCalendar } from '../../domain/calendar/index.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';

const TTL_MS = 5 * 60_000;

/** The working-day calendar from the holidays table (editable), reloaded every few minutes. */
export function createCalendarService(deps: { db: Kysely<DB>; clock: Clock }) {
  let cached: { at: number; calendar: WorkingDayCalendar } | undefined;
  return {
    /** Forget the cached table (after an administrator edited it). */
    invalidate(): void {
      cached = undefined;
    },
    async current(): Promise<WorkingDayCalendar> {
      const now = deps.clock.now().getTime();
      if (cached && now - cached.at < TTL_MS) return cached.calendar;
      const rows = await deps.db.selectFrom('holidays').select(['date', 'kind', 'name']).orderBy('date').execute();
      cached = { at: now, calendar: createCalendar(rows) };
      return cached.calendar;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
