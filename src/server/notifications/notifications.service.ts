import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** 站内消息: the applicant's messages about its cases; written by case effects, read here. */
export function createNotificationsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db } = deps;

  function accountOrThrow(account: Account | undefined): Account {
    if (!account) throw new AppError('UNAUTHENTICATED', '请先登录');
    return account;
  }

  async function unread(accountId: string): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select(sql<string>`count(*)`.as('n'))
      .where('accountId', '=', accountId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    unreadCount: async (account: Account | undefined) => unread(accountOrThrow(account).id),

    /** Newest first, 20 a page; `before` is the last id of the previous page (keyset). */
    async list(account: Account | undefined, before?: string) {
      const a = accountOrThrow(account);
      let q = db
        .selectFrom('notifications')
        .leftJoin('applications', 'applications.id', 'notifications.applicationId')
        .select(['notifications.id', 'notifications.applicationId', 'notifications.kind', 'notifications.title', 'notifications.body', 'notifications.createdAt', 'notifications.readAt', 'applications.number'])
        .where('notifications.accountId', '=', a.id)
        .orderBy('notifications.id', 'desc')
        .limit(21);
      if (before && /^\d{1,18}$/.test(before)) q = q.where('notifications.id', '<', before);
      const rows = await q.execute();
      return { items: rows.slice(0, 20), more: rows.length > 20, unread: await unread(a.id) };
    },

    /** Mark the given messages (or all) read; only the account's own. */
    async markRead(account: Account | undefined, ids?: readonly string[]) {
      const a = accountOrThrow(account);
      let q = db.updateTable('notifications').set({ readAt: deps.clock.now() }).where('accountId', '=', a.id).where('readAt', 'is', null);
      if (ids) {
        const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
        if (valid.length === 0) return { unread: await unread(a.id) };
        q = q.where('id', 'in', valid);
      }
      await q.execute();
      return { unread: await unread(a.id) };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
