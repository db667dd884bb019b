import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'failure';
  actorAccountId?: string | null;
  /** Who acted when there is no app account yet (an IdP user id, 'system'). */
  actorLabel?: string | null;
  objectType?: string;
  objectId?: string;
  request?: FastifyRequest;
  details?: Record<string, unknown>;
}

/** The audit_log row of an entry (for statements that write it themselves, e.g. in a CTE). */
export function auditRow(entry: AuditEntry) {
  return {
    actorAccountId: entry.actorAccountId ?? entry.request?.session?.account?.id ?? null,
    actorLabel: entry.actorLabel ?? null,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    clientIp: entry.request?.ip ?? null,
    requestId: entry.request ? String(entry.request.id) : null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

export type AuditRow = ReturnType<typeof auditRow>;

/** Audit as data: one append-only row per security-relevant event, written by the caller's executor. */
export function createAudit(deps: { db: Kysely<DB> }) {
  return {
    /** Pass `executor` (a transaction) to write the row atomically with the change it records. */
    async record(entry: AuditEntry, executor: Kysely<DB> = deps.db): Promise<void> {
      await executor.insertInto('auditLog').values(auditRow(entry)).execute();
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
