import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Stable 64-bit keys of the jobs that run in one instance at a time. */
export const JOB_LOCKS = { orphanSweep: 7_301_001 } as const;

/**
 * Run `fn` only if no other instance holds the job's lock; undefined when one does. PostgreSQL
 * holds a session advisory lock on one pooled connection while `fn` runs on the others. The
 * embedded database is one process (its folder is locked), and its single connection must not
 * be held: there `fn` simply runs.
 */
export async function withJobLock<T>(db: Kysely<DB>, kind: 'postgres' | 'pglite', key: number, fn: () => Promise<T>): Promise<T | undefined> {
  if (kind === 'pglite') return fn();
  return db.connection().execute(async (conn) => {
    const got = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(conn);
    if (!got.rows[0]?.locked) return undefined;
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
