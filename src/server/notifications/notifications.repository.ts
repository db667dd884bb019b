import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, NotificationsTable } from '../db/schema.ts';

/** A 站内消息 as the applicant's message list shows it, with its case's 申报编号. */
export interface NotificationListRow {
  id: string;
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  number: string | null;
}

export async function countUnreadNotifications(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<string>`count(*)`.as('n'))
    .where('accountId', '=', accountId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account's messages, newest first; `before`: keyset (an id of the previous page). */
export function listNotifications(db: Kysely<DB>, accountId: string, page: { before?: string; limit: number }): Promise<NotificationListRow[]> {
  let q = db
    .selectFrom('notifications')
    .leftJoin('applications', 'applications.id', 'notifications.applicationId')
    .select(['notifications.id', 'notifications.applicationId', 'notifications.kind', 'notifications.title', 'notifications.body', 'notifications.createdAt', 'notifications.readAt', 'applications.number'])
    .where('notifications.accountId', '=', accountId)
    .orderBy('notifications.id', 'desc')
    .limit(page.limit);
  if (page.before !== undefined) q = q.where('notifications.id', '<', page.before);
  return q.execute();
}

/** Mark the account's unread messages read: those of `ids`, or all without. */
export async function markNotificationsRead(db: Kysely<DB>, accountId: string, readAt: Date, ids?: readonly string[]): Promise<void> {
  let q = db.updateTable('notifications').set({ readAt }).where('accountId', '=', accountId).where('readAt', 'is', null);
  if (ids) q = q.where('id', 'in', ids);
  await q.execute();
}

/** Returns the new message's id. */
export async function insertNotification(tx: Kysely<DB>, row: Insertable<NotificationsTable>): Promise<string> {
  const inserted = await tx.insertInto('notifications').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}
