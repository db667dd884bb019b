import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** 中止审查: opens a suspension and marks the case; the caller holds the case's row lock. */
export async function openSuspension(db: Kysely<DB>, s: { applicationId: string; node: string; reason: string; suspendedBy: string; at: Date }): Promise<void> {
  await db.insertInto('caseSuspensions').values({ applicationId: s.applicationId, node: s.node, reason: s.reason, suspendedBy: s.suspendedBy, suspendedAt: s.at }).execute();
  await db.updateTable('applications').set({ suspendedAt: s.at }).where('id', '=', s.applicationId).execute();
}

/** 恢复审查: closes the open suspension and clears the mark; false when none was open. */
export async function closeSuspension(db: Kysely<DB>, s: { applicationId: string; resumedBy: string; note: string | null; at: Date }): Promise<boolean> {
  const closed = await db
    .updateTable('caseSuspensions')
    .set({ resumedBy: s.resumedBy, resumedAt: s.at, resumeNote: s.note })
    .where('applicationId', '=', s.applicationId)
    .where('resumedAt', 'is', null)
    .returning('id')
    .execute();
  await db.updateTable('applications').set({ suspendedAt: null }).where('id', '=', s.applicationId).execute();
  return closed.length > 0;
}

/** Every suspension of these cases, oldest first, with who suspended and resumed them. */
export function listSuspensions(db: Kysely<DB>, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('caseSuspensions as s')
    .innerJoin('accounts as by', 'by.id', 's.suspendedBy')
    .leftJoin('accounts as back', 'back.id', 's.resumedBy')
    .select(['s.applicationId', 's.node', 's.reason', 's.suspendedAt', 's.resumedAt', 's.resumeNote', 'by.displayName as suspendedByName', 'back.displayName as resumedByName'])
    .where('s.applicationId', 'in', applicationIds)
    .orderBy('s.id')
    .execute();
}
