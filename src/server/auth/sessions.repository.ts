import type { Insertable, Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled.ts';
import { prepared } from '../db/prepared.ts';
import type { Account, DB, SessionsTable } from '../db/schema.ts';

/** A session row with its account's columns (all null for a session without one). */
export interface SessionWithAccountRow {
  csrfToken: string;
  data: Record<string, unknown>;
  lastSeenAt: Date;
  expiresAt: Date;
  accountId: string | null;
  issuer: string | null;
  subject: string | null;
  kind: Account['kind'] | null;
  displayName: string | null;
  profile: Record<string, string> | null;
  roles: string[] | null;
  accountCreatedAt: Date | null;
  lastLoginAt: Date | null;
  basicInfo: Record<string, string> | null;
  basicInfoUpdatedAt: Date | null;
}

export async function insertSession(db: Kysely<DB>, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The account a new session is for. */
export function findSessionAccount(db: Kysely<DB>, accountId: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

/** Session and account in one round trip: every authenticated request starts here (so, prepared). */
const sessionWithAccount = compiledOnce((db, idHash: string) =>
  prepared(
    db
      .selectFrom('sessions as s')
      .leftJoin('accounts as a', 'a.id', 's.accountId')
      .select([
        's.csrfToken',
        's.data',
        's.lastSeenAt',
        's.expiresAt',
        'a.id as accountId',
        'a.issuer',
        'a.subject',
        'a.kind',
        'a.displayName',
        'a.profile',
        'a.roles',
        'a.createdAt as accountCreatedAt',
        'a.lastLoginAt',
        'a.basicInfo',
        'a.basicInfoUpdatedAt',
      ])
      .where('s.idHash', '=', idHash),
  ),
);

/** The session of every request to /api and /auth, with its account: one statement, compiled once. */
export async function findSessionWithAccount(db: Kysely<DB>, idHash: string): Promise<SessionWithAccountRow | undefined> {
  return (await sessionWithAccount(db, idHash))[0];
}

export async function touchSession(db: Kysely<DB>, idHash: string, lastSeenAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt }).where('idHash', '=', idHash).execute();
}

/** `data`: the session data as JSON text. */
export async function saveSessionData(db: Kysely<DB>, idHash: string, data: string): Promise<void> {
  await db.updateTable('sessions').set({ data }).where('idHash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<DB>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

export async function deleteSessionsOf(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('sessions').where('accountId', '=', accountId).execute();
}

/** Sessions past their absolute expiry or idle since `idleSince`; returns how many were deleted. */
export async function deleteExpiredSessions(db: Kysely<DB>, now: Date, idleSince: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleSince)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
