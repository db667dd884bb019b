/**
 * What other areas may read of a case, and only this: the submitted case row (locked for a step
 * when asked) and its history. Other areas import this module, never cases.repository.ts.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { listExpectedPeriodEvents } from './cases.repository.ts';

export { findSubmittedCase, listCaseEventsWithActors, type CaseRow } from './cases.repository.ts';

/** The stated length of each 特别程序 of a case, by the time it started. */
export async function specialProcedureDays(db: Kysely<DB>, applicationId: string): Promise<Map<string, number>> {
  const rows = await listExpectedPeriodEvents(db, applicationId);
  return new Map(rows.flatMap((r) => {
    const days = (r.details as { expectedDays?: number }).expectedDays;
    return days ? [[r.at.toISOString(), days] as const] : [];
  }));
}
