import { sql, type Kysely } from 'kysely';
import type { CaseAssignmentKind, DB } from '../db/schema.ts';

/**
 * 认领: takes a free case at `node` for the account; false when someone holds it (or it moved on).
 * One conditional UPDATE: of two claims at once the row lock lets one through, and the other's
 * condition no longer holds.
 */
export async function claimIfFree(db: Kysely<DB>, id: string, node: string, accountId: string, now: Date): Promise<boolean> {
  const rows = await db
    .updateTable('applications')
    .set({ holderAccountId: accountId, heldSince: now })
    .where('id', '=', id)
    .where('isOpen', '=', true)
    .where('node', '=', node)
    .where('holderAccountId', 'is', null)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Sets (or clears) the holder of a case the caller has locked. */
export async function setHolder(db: Kysely<DB>, id: string, accountId: string | null, now: Date): Promise<void> {
  await db
    .updateTable('applications')
    .set({ holderAccountId: accountId, heldSince: accountId ? now : null })
    .where('id', '=', id)
    .execute();
}

export async function insertAssignment(
  db: Kysely<DB>,
  row: { applicationId: string; node: string; kind: CaseAssignmentKind; fromAccountId: string | null; toAccountId: string | null; byAccountId: string; reason: string | null; at: Date },
): Promise<void> {
  await db.insertInto('caseAssignments').values(row).execute();
}

/** A case's changes of holder with the names of everyone involved, in the order they happened (办理记录). */
export function listAssignmentsWithNames(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('caseAssignments as a')
    .innerJoin('accounts as by', 'by.id', 'a.byAccountId')
    .leftJoin('accounts as to', 'to.id', 'a.toAccountId')
    .leftJoin('accounts as from', 'from.id', 'a.fromAccountId')
    .select(['a.node', 'a.kind', 'a.reason', 'a.at', 'by.displayName as byName', 'to.displayName as toName', 'from.displayName as fromName'])
    .where('a.applicationId', '=', applicationId)
    .orderBy('a.id')
    .execute();
}

/** Display names by account id. */
export async function accountNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('accounts').select(['id', 'displayName']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/**
 * Staff accounts holding a role (a case may be handed only to one of them), by name; accounts the
 * administrators disabled at the identity service are left out.
 */
export function listStaffWithRole(db: Kysely<DB>, role: string) {
  return db
    .selectFrom('accounts')
    .leftJoin('idpUsers', (j) => j.on(sql<boolean>`idp_users.id::text = accounts.subject`))
    .select(['accounts.id', 'accounts.displayName'])
    .where('accounts.kind', '=', 'staff')
    .where(sql<boolean>`accounts.roles ? ${role}`)
    .where((eb) => eb.or([eb('idpUsers.disabled', 'is', null), eb('idpUsers.disabled', '=', false)]))
    .orderBy('accounts.displayName')
    .orderBy('accounts.id')
    .execute();
}

/** Held cases running in a node that have had no deadline warning for this stay there. */
export function listHeldUnwarned(db: Kysely<DB>) {
  return db
    .selectFrom('applications')
    .innerJoin('accounts', 'accounts.id', 'applications.holderAccountId')
    .leftJoin('idpUsers', (j) => j.on(sql<boolean>`idp_users.id::text = accounts.subject`))
    .select([
      'applications.id',
      'applications.number',
      'applications.item',
      'applications.workflow',
      'applications.node',
      'applications.nodeEnteredAt',
      'applications.holderAccountId',
      'idpUsers.email',
    ])
    .where('applications.isOpen', '=', true)
    .where('applications.holderAccountId', 'is not', null)
    .where('applications.suspendedAt', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deadlineWarnings as w')
            .select('w.applicationId')
            .whereRef('w.applicationId', '=', 'applications.id')
            .whereRef('w.nodeEnteredAt', '=', 'applications.nodeEnteredAt'),
        ),
      ),
    )
    .execute();
}

/** Records the warning of a case's stay in its node; false when another run recorded it first. */
export async function insertDeadlineWarning(db: Kysely<DB>, w: { applicationId: string; nodeEnteredAt: Date; accountId: string; warnedAt: Date }): Promise<boolean> {
  const rows = await db.insertInto('deadlineWarnings').values(w).onConflict((oc) => oc.doNothing()).returning('applicationId').execute();
  return rows.length === 1;
}
