/**
 * What other areas may read of a case, and only this: the submitted case row (locked for a step
 * when asked) and its history. Other areas import this module, never cases.repository.ts.
 */
import type { Kysely } from 'kysely';
import type { Application, DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { appError } from '../errors.ts';
import { findSubmittedCase, listExpectedPeriodEvents } from './cases.repository.ts';

export { findSubmittedCase, listCaseEventsWithActors, type CaseRow } from './cases.repository.ts';

/** A submitted case by id (locked for a step when asked); any other id, or a draft, is CASE_NOT_FOUND. */
export async function requireSubmittedCase(db: Kysely<DB>, id: string, opts: { forUpdate?: boolean } = {}): Promise<Application> {
  if (!isUuid(id)) throw appError('CASE_NOT_FOUND');
  const row = await findSubmittedCase(db, id, opts);
  if (!row) throw appError('CASE_NOT_FOUND');
  return row;
}

/** The stated length of each 特别程序 of a case, by the time it started. */
export async function specialProcedureDays(db: Kysely<DB>, applicationId: string): Promise<Map<string, number>> {
  const rows = await listExpectedPeriodEvents(db, applicationId);
  return new Map(rows.flatMap((r) => {
    const days = (r.details as { expectedDays?: number }).expectedDays;
    return days ? [[r.at.toISOString(), days] as const] : [];
  }));
}
