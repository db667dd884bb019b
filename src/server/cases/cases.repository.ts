import { sql, type Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled.ts';
import type { Application, ApplicationStatus, DB } from '../db/schema.ts';
import { APPLICATION_COLUMNS } from '../db/application-columns.ts';

/** A case as the staff side reads it: any application past its draft. */
export type CaseRow = Application;

/** A submitted case (not a draft), locked for a workflow step inside a transaction when asked. */
export function findSubmittedCase(db: Kysely<DB>, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  let q = db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).where('status', '!=', 'draft');
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Where a case stands after a step; the version moves on so a stale step is refused. */
export async function updateCasePosition(
  db: Kysely<DB>,
  id: string,
  position: {
    status: ApplicationStatus;
    isOpen: boolean;
    node: string | null;
    outcome: string | null;
    /** The open 补正 request as JSON text, or null. */
    correction: string | null;
    /** 认领: the holder stays while the same role works the next node; otherwise the case is free again. */
    keepHolder: boolean;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable('applications')
    .set({
      status: position.status,
      isOpen: position.isOpen,
      node: position.node,
      nodeEnteredAt: position.now,
      outcome: position.outcome,
      correction: position.correction,
      updatedAt: position.now,
      version: sql<number>`version + 1`,
      ...(position.keepHolder ? {} : { holderAccountId: null, heldSince: null }),
    })
    .where('id', '=', id)
    .execute();
}

/** Append one event to a case's history; its id. */
export async function insertCaseEvent(
  db: Kysely<DB>,
  event: {
    applicationId: string;
    node: string;
    action: string;
    actorAccountId: string | null;
    actorRole?: string | null;
    opinion?: string | null;
    details?: Record<string, unknown>;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('caseEvents')
    .values({
      applicationId: event.applicationId,
      node: event.node,
      action: event.action,
      actorAccountId: event.actorAccountId,
      actorRole: event.actorRole ?? null,
      opinion: event.opinion ?? null,
      details: JSON.stringify(event.details ?? {}),
      at: event.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The workflow events of several cases (the submission itself left out), in the order they happened. */
export function listWorkflowEvents(db: Kysely<DB>, applicationIds: readonly string[]) {
  return db
    .selectFrom('caseEvents')
    .select(['applicationId', 'node', 'action', 'actorRole', 'opinion', 'details', 'at'])
    .where('applicationId', 'in', applicationIds)
    .where('node', '!=', 'submit')
    .orderBy('id')
    .execute();
}

/** A case's whole history, submission included, with each actor's display name (the staff case page). */
export function listCaseEventsWithActors(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('caseEvents')
    .leftJoin('accounts', 'accounts.id', 'caseEvents.actorAccountId')
    .select(['caseEvents.node', 'caseEvents.action', 'caseEvents.actorRole', 'caseEvents.opinion', 'caseEvents.details', 'caseEvents.at', 'accounts.displayName'])
    .where('caseEvents.applicationId', '=', applicationId)
    .orderBy('caseEvents.id')
    .execute();
}

/** The events of a case that stated a 特别程序's expected length (`details.expectedDays`). */
export const listExpectedPeriodEvents: (db: Kysely<DB>, applicationId: string) => Promise<{ at: Date; details: unknown }[]> = compiledOnce((db, applicationId: string) =>
  db
    .selectFrom('caseEvents')
    .select(['at', 'details'])
    .where('applicationId', '=', applicationId)
    .where(sql<boolean>`details ? 'expectedDays'`),
);

/** The display name of the staff member who handled a step (printed on the 受理单). */
export async function findHandlerName(db: Kysely<DB>, accountId: string): Promise<string | undefined> {
  return (await db.selectFrom('accounts').select('displayName').where('id', '=', accountId).executeTakeFirst())?.displayName;
}
