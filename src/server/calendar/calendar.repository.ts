import type { Kysely } from 'kysely';
import type { DB, HolidayKind } from '../db/schema.ts';

/** Every entered holiday and 调休 working day, in date order. */
export function listHolidays(executor: Kysely<DB>): Promise<{ date: string; kind: HolidayKind; name: string }[]> {
  return executor.selectFrom('holidays').select(['date', 'kind', 'name']).orderBy('date').execute();
}
