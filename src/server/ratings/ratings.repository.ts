/** SQL of 政务服务好差评: ratings (append-only), their 整改, and the statistics. */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, RatingRectificationsTable, ServiceRatingsTable } from '../db/schema.ts';

/** The owner's case as far as rating needs it; undefined for anyone else's id (or a draft). */
export function findOwnCase(db: Kysely<DB>, accountId: string, applicationId: string) {
  return db
    .selectFrom('applications')
    .select(['id', 'number', 'item', 'status', 'outcome', 'workflow'])
    .where('id', '=', applicationId)
    .where('accountId', '=', accountId)
    .where('status', '<>', 'draft')
    .executeTakeFirst();
}

const RATING_COLUMNS = ['r.id', 'r.applicationId', 'r.level', 'r.comment', 'r.ratedAt'] as const;
const RECTIFICATION_COLUMNS = [
  'rr.id as rectificationId',
  'rr.status as rectificationStatus',
  'rr.openedAt',
  'rr.dueOn',
  'rr.measures',
  'rr.followUpOn',
  'rr.followUpMethod',
  'rr.followUpResponse',
  'rr.followUpNote',
  'rr.closedAt',
] as const;

/** The rating of a case with its 整改, if any. */
export function findRatingOfCase(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('serviceRatings as r')
    .leftJoin('ratingRectifications as rr', 'rr.ratingId', 'r.id')
    .select([...RATING_COLUMNS, ...RECTIFICATION_COLUMNS])
    .where('r.applicationId', '=', applicationId)
    .executeTakeFirst();
}

export type RatingWithRectification = NonNullable<Awaited<ReturnType<typeof findRatingOfCase>>>;

/** Inserts the rating unless the case has one already; its id, or undefined when it had. */
export async function insertRating(tx: Kysely<DB>, row: Insertable<ServiceRatingsTable>): Promise<string | undefined> {
  const inserted = await tx
    .insertInto('serviceRatings')
    .values(row)
    .onConflict((oc) => oc.column('applicationId').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function insertRectification(tx: Kysely<DB>, row: Insertable<RatingRectificationsTable>): Promise<void> {
  await tx.insertInto('ratingRectifications').values(row).execute();
}

/** The account's ended cases that may be rated (撤回 left out), with their rating and 整改 status. */
export function listRatableCases(db: Kysely<DB>, accountId: string, outcomes: readonly string[]) {
  return db
    .selectFrom('applications as a')
    .leftJoin('serviceRatings as r', 'r.applicationId', 'a.id')
    .leftJoin('ratingRectifications as rr', 'rr.ratingId', 'r.id')
    .select(['a.id', 'r.level', 'rr.status as rectificationStatus'])
    .where('a.accountId', '=', accountId)
    .where('a.status', '=', 'closed')
    .where('a.outcome', 'in', [...outcomes])
    .orderBy('a.updatedAt', 'desc')
    .limit(200)
    .execute();
}

/** Ratings per item and level. */
export function countLevels(db: Kysely<DB>) {
  return db
    .selectFrom('serviceRatings')
    .select(['item', 'level', sql<string>`count(*)`.as('n')])
    .groupBy(['item', 'level'])
    .execute();
}

/** 整改 per item: open, open past the due day (`today`, Shanghai), closed, closed after the due day. */
export function countRectifications(db: Kysely<DB>, today: string) {
  return db
    .selectFrom('ratingRectifications as rr')
    .innerJoin('serviceRatings as r', 'r.id', 'rr.ratingId')
    .select([
      'r.item',
      sql<string>`count(*) filter (where rr.status = 'open')`.as('open'),
      sql<string>`count(*) filter (where rr.status = 'open' and rr.due_on < ${today}::date)`.as('overdue'),
      sql<string>`count(*) filter (where rr.status = 'closed')`.as('closed'),
      sql<string>`count(*) filter (where rr.status = 'closed' and (rr.closed_at at time zone 'Asia/Shanghai')::date > rr.due_on)`.as('closedLate'),
    ])
    .groupBy('r.item')
    .execute();
}

function rectificationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('ratingRectifications as rr')
    .innerJoin('serviceRatings as r', 'r.id', 'rr.ratingId')
    .innerJoin('applications as a', 'a.id', 'r.applicationId')
    .leftJoin('accounts as closer', 'closer.id', 'rr.closedBy')
    .select([
      'rr.id',
      'rr.status',
      'rr.openedAt',
      'rr.dueOn',
      'rr.measures',
      'rr.followUpOn',
      'rr.followUpMethod',
      'rr.followUpResponse',
      'rr.followUpNote',
      'rr.closedAt',
      'closer.displayName as closedByName',
      'r.level',
      'r.comment',
      'r.ratedAt',
      'r.outcome',
      'a.id as applicationId',
      'a.number',
      'a.item',
      'a.workflow',
      'a.applicantName',
    ]);
}

export type RectificationRow = NonNullable<Awaited<ReturnType<typeof findRectification>>>;

/** 整改 tasks, open ones first by due day, then closed ones newest first. */
export function listRectifications(db: Kysely<DB>, status: 'open' | 'closed' | 'all') {
  let q = rectificationQuery(db);
  if (status !== 'all') q = q.where('rr.status', '=', status);
  return q
    .orderBy(sql`rr.status = 'open'`, 'desc')
    .orderBy(sql`case when rr.status = 'open' then rr.due_on end`, 'asc')
    .orderBy('rr.closedAt', 'desc')
    .limit(500)
    .execute();
}

export function findRectification(db: Kysely<DB>, id: string) {
  return rectificationQuery(db).where('rr.id', '=', id).executeTakeFirst();
}

/** The 整改 row locked for the caller's transaction, with what the message to the applicant needs. */
export function lockRectification(tx: Kysely<DB>, id: string) {
  return tx
    .selectFrom('ratingRectifications as rr')
    .innerJoin('serviceRatings as r', 'r.id', 'rr.ratingId')
    .innerJoin('applications as a', 'a.id', 'r.applicationId')
    .select(['rr.id', 'rr.status', 'rr.dueOn', 'r.ratedAt', 'r.applicationId', 'a.accountId', 'a.number', 'a.item', 'a.data'])
    .where('rr.id', '=', id)
    .forUpdate('rr')
    .executeTakeFirst();
}

export async function closeRectification(
  tx: Kysely<DB>,
  id: string,
  values: Pick<Selectable<RatingRectificationsTable>, 'measures' | 'followUpOn' | 'followUpMethod' | 'followUpResponse' | 'followUpNote' | 'closedBy' | 'closedAt'>,
): Promise<void> {
  await tx.updateTable('ratingRectifications').set({ ...values, status: 'closed' }).where('id', '=', id).where('status', '=', 'open').execute();
}
