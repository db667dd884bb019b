import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { countUnreadNotifications, listNotifications, markNotificationsRead } from './notifications.repository.ts';

/** 站内消息: the applicant's messages about its cases; written by case effects, read here. */
export function createNotificationsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db } = deps;

  function accountOrThrow(account: Account | undefined): Account {
    if (!account) throw appError('UNAUTHENTICATED');
    return account;
  }

  const unread = (accountId: string) => countUnreadNotifications(db, accountId);

  return {
    unreadCount: async (account: Account | undefined) => unread(accountOrThrow(account).id),

    /** Newest first, 20 a page; `before` is the last id of the previous page (keyset). */
    async list(account: Account | undefined, before?: string) {
      const a = accountOrThrow(account);
      const rows = await listNotifications(db, a.id, { before: before && /^\d{1,18}$/.test(before) ? before : undefined, limit: 21 });
      return { items: rows.slice(0, 20), more: rows.length > 20, unread: await unread(a.id) };
    },

    /** Mark the given messages (or all) read; only the account's own. */
    async markRead(account: Account | undefined, ids?: readonly string[]) {
      const a = accountOrThrow(account);
      let valid: string[] | undefined;
      if (ids) {
        valid = ids.filter((id) => /^\d{1,18}$/.test(id));
        if (valid.length === 0) return { unread: await unread(a.id) };
      }
      await markNotificationsRead(db, a.id, deps.clock.now(), valid);
      return { unread: await unread(a.id) };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
