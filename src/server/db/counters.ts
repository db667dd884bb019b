import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The next number of a series (文号, certificate numbers, 公示/公告 batches) in the caller's
 * transaction: the counter row is locked until it commits, so numbers never repeat, and a
 * rollback gives the number back. `year` 0 for series that do not restart each year.
 */
export async function nextCounter(tx: Kysely<DB>, series: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('documentCounters')
    .values({ series, year, last: 1 })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet({ last: sql<number>`document_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}
