import type { Insertable, Kysely } from 'kysely';
import type { DB, OutboxChannel, OutboxTable } from '../db/schema.ts';

/** A row the caller has leased: nobody else may send it before `lockedUntil`. */
export interface ClaimedMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string;
  body: string;
  /** Including the attempt this claim starts. */
  attempts: number;
  lockedUntil: Date;
}

/** Queue messages (pending, due at their `nextAttemptAt`); in the transaction of the change they report. */
export async function insertOutboxMessages(tx: Kysely<DB>, rows: readonly Insertable<OutboxTable>[]): Promise<void> {
  await tx.insertInto('outbox').values(rows).execute();
}

/**
 * Lease up to `limit` due rows of `channels` in one statement. `skip locked` lets concurrent
 * claimers pass each other; a row another claimer just leased fails the re-check of the
 * `where` on its new version, so no row is handed out twice while its lease runs. The CTE is
 * materialized so the locking select runs exactly once.
 */
export async function claimDueMessages(
  db: Kysely<DB>,
  opts: { channels: readonly OutboxChannel[]; now: Date; lockedUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  if (opts.channels.length === 0) return [];
  const { now, lockedUntil } = opts;
  const rows = await db
    .with(
      (w) => w('due').materialized(),
      (qb) =>
        qb
          .selectFrom('outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('channel', 'in', opts.channels)
          .where('nextAttemptAt', '<=', now)
          .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
          .orderBy('id')
          .limit(opts.limit)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable('outbox')
    .from('due')
    .whereRef('outbox.id', '=', 'due.id')
    .set((eb) => ({ lockedUntil, attempts: eb('outbox.attempts', '+', 1) }))
    .returning(['outbox.id', 'outbox.channel', 'outbox.recipient', 'outbox.subject', 'outbox.body', 'outbox.attempts'])
    .execute();
  return rows.map((r) => ({ ...r, lockedUntil })).sort((a, b) => compareIds(a.id, b.id));
}

/** Delivered. Only while our lease holds: a lease that ran out and was taken over belongs to the new holder. */
export async function markSent(db: Kysely<DB>, id: string, lease: Date, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'sent', sentAt: now, lockedUntil: null, lastError: null })
    .where('id', '=', id)
    .where('lockedUntil', '=', lease)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** A failed attempt: try again at `nextAttemptAt`, or give up (`failed`). */
export async function markAttemptFailed(
  db: Kysely<DB>,
  id: string,
  lease: Date,
  outcome: { error: string; nextAttemptAt: Date; giveUp: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({
      lockedUntil: null,
      lastError: outcome.error,
      ...(outcome.giveUp ? { status: 'failed' as const } : { nextAttemptAt: outcome.nextAttemptAt }),
    })
    .where('id', '=', id)
    .where('lockedUntil', '=', lease)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Hand back leased rows that were never tried: the claim's attempt is not counted. */
export async function releaseUnsent(db: Kysely<DB>, ids: readonly string[], lease: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({ lockedUntil: null, attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', ids)
    .where('lockedUntil', '=', lease)
    .execute();
}

/** bigserial ids arrive as strings: compare numerically. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
