import type { Kysely, Selectable } from 'kysely';
import { compiledOnce } from '../db/compiled.ts';
import type { Application, DB, ResultCollectionsTable } from '../db/schema.ts';

const LIST_COLUMNS = [
  'id',
  'number',
  'item',
  'applicationType',
  'status',
  'submittedAt',
  'updatedAt',
  'workflow',
  'node',
  'nodeEnteredAt',
  'outcome',
  'correction',
  'extensionDays',
] as const;

/** A line of 办事进度: everything of an application but the form data, which the list never shows. */
export type ProgressRow = Pick<Application, (typeof LIST_COLUMNS)[number]>;

/** The account's applications, newest first (at most 200). */
export const listOwnCases: (db: Kysely<DB>, accountId: string) => Promise<ProgressRow[]> = compiledOnce((db, accountId: string) =>
  db.selectFrom('applications').select(LIST_COLUMNS).where('accountId', '=', accountId).orderBy('createdAt', 'desc').limit(200),
);

/** The documents issued to several applications (the list's buttons need their kind and status). */
export function listIssuedDocuments(db: Kysely<DB>, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issuedDocuments')
    .select(['id', 'applicationId', 'kind', 'number', 'title', 'issuedAt', 'status', 'revokedAt', 'revokedReason', 'sha256', 'verificationCode'])
    .where('applicationId', 'in', applicationIds)
    .execute();
}

const resultCollection = compiledOnce((db, applicationId: string) => db.selectFrom('resultCollections').selectAll().where('applicationId', '=', applicationId));

/** 结果领取: how the applicant chose to collect the result of a case, if it has. */
export async function findResultCollection(db: Kysely<DB>, applicationId: string): Promise<Selectable<ResultCollectionsTable> | undefined> {
  return (await resultCollection(db, applicationId))[0];
}

/** Record or change the collection choice; `chosenAt` stays the first choice's time. */
export async function saveResultCollection(db: Kysely<DB>, row: Selectable<ResultCollectionsTable>): Promise<void> {
  const { applicationId, chosenAt, ...values } = row;
  await db
    .insertInto('resultCollections')
    .values({ applicationId, ...values, chosenAt })
    .onConflict((oc) => oc.column('applicationId').doUpdateSet(values))
    .execute();
}
