import type { Kysely } from 'kysely';
import type { CaseExtensionsTable, DB } from '../db/schema.ts';
import { APPLICATION_COLUMNS } from '../db/application-columns.ts';

type NewExtension = Pick<CaseExtensionsTable, 'id' | 'applicationId' | 'node' | 'reason' | 'days' | 'requestedBy' | 'dueBefore'> & { requestedAt: Date };

export function insertExtension(db: Kysely<DB>, row: NewExtension) {
  return db.insertInto('caseExtensions').values(row).execute();
}

/** Every request of a case, oldest first, with who asked and who decided. */
export function extensionsOfCase(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('caseExtensions as e')
    .leftJoin('accounts as r', 'r.id', 'e.requestedBy')
    .leftJoin('accounts as d', 'd.id', 'e.decidedBy')
    .select([
      'e.id',
      'e.node',
      'e.reason',
      'e.days',
      'e.status',
      'e.requestedAt',
      'e.dueBefore',
      'e.dueAfter',
      'e.decidedAt',
      'e.decisionOpinion',
      'e.documentId',
      'r.displayName as requestedByName',
      'd.displayName as decidedByName',
    ])
    .where('e.applicationId', '=', applicationId)
    .orderBy('e.requestedAt')
    .execute();
}

/** The approved extensions of several cases (办事进度 lists many). */
export function approvedExtensions(db: Kysely<DB>, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('caseExtensions')
    .select(['applicationId', 'reason', 'days', 'decidedAt', 'dueBefore', 'dueAfter'])
    .where('applicationId', 'in', applicationIds)
    .where('status', '=', 'approved')
    .execute();
}

/** Requests for the 负责人: pending first (oldest first), then the latest decided. */
export function extensionQueue(db: Kysely<DB>, opts: { decidedLimit: number }) {
  const base = db
    .selectFrom('caseExtensions as e')
    .innerJoin('applications as a', 'a.id', 'e.applicationId')
    .leftJoin('accounts as r', 'r.id', 'e.requestedBy')
    .leftJoin('accounts as d', 'd.id', 'e.decidedBy')
    .select([
      'e.id',
      'e.applicationId',
      'e.node',
      'e.reason',
      'e.days',
      'e.status',
      'e.requestedAt',
      'e.dueBefore',
      'e.dueAfter',
      'e.decidedAt',
      'e.decisionOpinion',
      'a.number',
      'a.item',
      'a.applicantName',
      'r.displayName as requestedByName',
      'd.displayName as decidedByName',
    ]);
  return Promise.all([
    base.where('e.status', '=', 'pending').orderBy('e.requestedAt').limit(200).execute(),
    base.where('e.status', '!=', 'pending').orderBy('e.decidedAt', 'desc').limit(opts.decidedLimit).execute(),
  ]);
}

export function countPendingExtensions(db: Kysely<DB>) {
  return db.selectFrom('caseExtensions').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
}

export function lockExtension(db: Kysely<DB>, id: string) {
  return db.selectFrom('caseExtensions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideExtension(
  db: Kysely<DB>,
  id: string,
  d: { status: 'approved' | 'refused'; decidedBy: string; decidedAt: Date; decisionOpinion: string | null; dueAfter: string | null; documentId: string | null },
) {
  return db.updateTable('caseExtensions').set(d).where('id', '=', id).where('status', '=', 'pending').executeTakeFirstOrThrow();
}

export function lockApplication(db: Kysely<DB>, id: string) {
  return db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).where('status', '!=', 'draft').forUpdate().executeTakeFirst();
}

export function setExtensionDays(db: Kysely<DB>, applicationId: string, days: number, now: Date) {
  return db.updateTable('applications').set({ extensionDays: days, updatedAt: now }).where('id', '=', applicationId).execute();
}
