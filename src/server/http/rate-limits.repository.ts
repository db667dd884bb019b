import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A key's count in its window and the milliseconds until the window ends. */
export interface RateCount {
  current: number;
  ttl: number;
}

/**
 * Count one request for `key` in a window of `windowMs`; the window starts at the first request.
 * `continueExceeding` with `max`: a request over the limit restarts the window.
 */
export async function countRequest(db: Kysely<DB>, key: string, windowMs: number, opts: { continueExceeding?: boolean; max?: number } = {}): Promise<RateCount> {
  const window = sql`(${windowMs} * interval '1 millisecond')`;
  const restart = opts.continueExceeding && opts.max !== undefined ? sql`or rate_limits.count + 1 > ${opts.max}` : sql``;
  const row = await sql<{ count: number; ttl: number }>`
    insert into rate_limits (key, count, resets_at) values (${key}, 1, now() + ${window})
    on conflict (key) do update set
      count = case when rate_limits.resets_at <= now() then 1 else rate_limits.count + 1 end,
      resets_at = case when rate_limits.resets_at <= now() ${restart} then now() + ${window} else rate_limits.resets_at end
    returning count, greatest(0, ceil(extract(epoch from resets_at - now()) * 1000))::int as ttl`.execute(db);
  const r = row.rows[0]!;
  return { current: Number(r.count), ttl: Number(r.ttl) };
}

/** The live window of `key`, if any. */
export async function findRateCount(db: Kysely<DB>, key: string): Promise<RateCount | undefined> {
  const r = await db
    .selectFrom('rateLimits')
    .select(['count', sql<number>`greatest(0, ceil(extract(epoch from resets_at - now()) * 1000))::int`.as('ttl')])
    .where('key', '=', key)
    .where('resetsAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return r ? { current: Number(r.count), ttl: Number(r.ttl) } : undefined;
}

/** Windows that ended: removed now and then (the table never grows past the live windows). */
export async function sweepRateLimits(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('rateLimits').where('resetsAt', '<', sql<Date>`now()`).execute();
}
