/**
 * A @fastify/rate-limit store on PostgreSQL, so that every instance behind a load balancer counts
 * against the same limits. One upsert per counted request, on an unlogged table. The embedded
 * database runs in one process only (its folder is locked), where the plugin's in-memory store is
 * already shared by everything.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { countRequest, findRateCount } from './rate-limits.repository.ts';

/** Counting one request, and the sweep of ended windows (a background job). */
export { countRequest, sweepRateLimits } from './rate-limits.repository.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface StoreOptions {
  continueExceeding?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
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
      findRateCount(db, this.prefix + key).then(
        (r) => cb(null, r ?? { current: 0, ttl: 0 }),
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
