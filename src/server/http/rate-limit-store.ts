/**
 * A @fastify/rate-limit store on PostgreSQL, so that every instance behind a load balancer counts
 * against the same limits. One upsert per counted request, on an unlogged table. The embedded
 * database runs in one process only (its folder is locked), where the plugin's in-memory store is
 * already shared by everything.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface StoreOptions {
  continueExceeding?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
}

/** Count one request for `key` in a window of `windowMs`; the window starts at the first request. */
export async function countRequest(db: Kysely<DB>, key: string, windowMs: number, opts: { continueExceeding?: boolean; max?: number } = {}) {
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

/** Windows that ended: removed now and then (the table never grows past the live windows). */
export async function sweepRateLimits(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('rateLimits').where('resetsAt', '<', sql<Date>`now()`).execute();
}

/** The store class the plugin instantiates (`store` option): bound to the database. */
export function postgresRateLimitStore(db: Kysely<DB>): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore {
    // Each route counts on its own, as the plugin's memory and Redis stores do (method + url prefix).
    private readonly prefix: string;
    constructor(private readonly options: StoreOptions = {}) {
      this.prefix = options.routeInfo?.url ? `${String(options.routeInfo.method)}${options.routeInfo.url}-` : '';
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      countRequest(db, this.prefix + key, timeWindow, { continueExceeding: this.options.continueExceeding, max }).then(
        (r) => cb(null, r),
        (error: Error) => cb(error),
      );
    }

    read(key: string, cb: Callback): void {
      db.selectFrom('rateLimits')
        .select(['count', sql<number>`greatest(0, ceil(extract(epoch from resets_at - now()) * 1000))::int`.as('ttl')])
        .where('key', '=', this.prefix + key)
        .where('resetsAt', '>', sql<Date>`now()`)
        .executeTakeFirst()
        .then(
          (r) => cb(null, r ? { current: Number(r.count), ttl: Number(r.ttl) } : { current: 0, ttl: 0 }),
          (error: Error) => cb(error),
        );
    }

    child(routeOptions: StoreOptions): FastifyRateLimitStore {
      return new PostgresRateLimitStore(routeOptions) as FastifyRateLimitStore;
    }
  }
  // The plugin's option types name its own route options; the store reads only continueExceeding.
  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
