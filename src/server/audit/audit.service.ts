import type { Kysely } from 'kysely';
import type { Actor } from '../actor.ts';
import type { DB } from '../db/schema.ts';
import { deleteAuditBatchOlderThan, insertAuditRow, insertAuditRowReturningId } from './audit.repository.ts';
import { currentRequestContext } from './request-context.ts';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'failure';
  actorAccountId?: string | null;
  /** Who acted when there is no app account yet (an IdP user id, 'system'). */
  actorLabel?: string | null;
  objectType?: string;
  objectId?: string;
  /**
   * Who asked: the row carries its client address and request id. Without one (or for a job's
   * actor), the request this code runs for (request-context.ts); jobs have none.
   */
  actor?: Actor;
  details?: Record<string, unknown>;
}

/** Where an entry was asked for: a client address, a request id and the account asking. */
type Origin = { readonly ip: string | null; readonly requestId: string; readonly accountId: string | null };

/** The request an actor came with; undefined for a job's actor. */
function actorContext(actor: Actor | undefined): Origin | undefined {
  if (!actor || actor.requestId === null) return undefined;
  return { ip: actor.clientAddress, requestId: actor.requestId, accountId: actor.account?.id ?? null };
}

/**
 * The audit_log row of an entry (for statements that write it themselves, e.g. in a CTE).
 * Client address and request id come from the entry's actor, else from the current request's
 * context. When the entry names no account, the actor's stands in; the context's only for an
 * entry without an `actorLabel` ('system', an IdP user), which is never attributed to whoever's
 * request ran it.
 */
export function auditRow(entry: AuditEntry) {
  const asked = actorContext(entry.actor);
  const context: Origin | undefined = asked ?? currentRequestContext();
  const contextAccount = asked || entry.actorLabel == null ? (context?.accountId ?? null) : null;
  return {
    actorAccountId: entry.actorAccountId ?? contextAccount,
    actorLabel: entry.actorLabel ?? null,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    clientIp: context?.ip ?? null,
    requestId: context?.requestId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

export type AuditRow = ReturnType<typeof auditRow>;

/** Audit as data: one append-only row per security-relevant event, written by the caller's executor. */
export function createAudit(deps: { db: Kysely<DB> }) {
  /** Pass `executor` (a transaction) to write the row atomically with the change it records. */
  async function record(entry: AuditEntry, executor: Kysely<DB> = deps.db): Promise<void> {
    await insertAuditRow(executor, auditRow(entry));
  }

  return {
    record,

    /** Like `record`, returning the new row's id (ids only grow: later rows have larger ones). */
    async recordReturningId(entry: AuditEntry, executor: Kysely<DB> = deps.db): Promise<string> {
      return insertAuditRowReturningId(executor, auditRow(entry));
    },

    /**
     * Delete rows older than `days` (at least 180: the table's trigger refuses younger ones), in
     * batches, and audit the purge. The cut-off is on the database clock, like the rows' `at` and the trigger.
     */
    async purgeOlderThan(days: number): Promise<number> {
      if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) throw new Error(`audit retention of ${days} days is below ${MIN_RETENTION_DAYS}`);
      let removed = 0;
      for (;;) {
        const n = await deleteAuditBatchOlderThan(deps.db, days, PURGE_BATCH);
        removed += n;
        if (n < PURGE_BATCH) break;
      }
      if (removed > 0) await record({ action: 'audit.purge', actorLabel: 'system', objectType: 'audit_log', details: { removed, olderThanDays: days } });
      return removed;
    },
  };
}

/** 网络安全法 Art. 21: network logs are kept for at least six months; the trigger enforces 180 days. */
export const MIN_RETENTION_DAYS = 180;
const PURGE_BATCH = 10_000;

export type Audit = ReturnType<typeof createAudit>;
