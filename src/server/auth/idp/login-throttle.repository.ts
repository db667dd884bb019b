import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, IdpLoginFailuresTable, LoginFailureScope } from '../../db/schema.ts';

export type FailureCounter = Selectable<IdpLoginFailuresTable>;

export interface CounterKey {
  key: string;
  scope: LoginFailureScope;
  subjectHash: string | null;
}

/** The counters of `keys` that exist. */
export function findCounters(db: Kysely<DB>, keys: readonly string[]): Promise<FailureCounter[]> {
  return db.selectFrom('idpLoginFailures').selectAll().where('identifierHash', 'in', keys).execute();
}

/**
 * In `tx`: make sure each counter exists (at zero), then lock them, in key order (two attempts
 * on the same keys wait for each other instead of both passing the check).
 */
export async function lockCounters(tx: Kysely<DB>, keys: readonly CounterKey[], now: Date): Promise<FailureCounter[]> {
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : 1));
  await tx
    .insertInto('idpLoginFailures')
    .values(sorted.map((k) => ({ identifierHash: k.key, scope: k.scope, subjectHash: k.subjectHash, failures: 0, windowStartedAt: now, lastFailureAt: now })))
    .onConflict((oc) => oc.column('identifierHash').doNothing())
    .execute();
  return tx
    .selectFrom('idpLoginFailures')
    .selectAll()
    .where('identifierHash', 'in', sorted.map((k) => k.key))
    .orderBy('identifierHash')
    .forUpdate()
    .execute();
}

export async function updateCounter(
  tx: Kysely<DB>,
  key: string,
  values: { failures: number; windowStartedAt: Date; lastFailureAt: Date; delayedUntil: Date | null },
): Promise<void> {
  await tx.updateTable('idpLoginFailures').set(values).where('identifierHash', '=', key).execute();
}

/** An attempt counted in advance turned out not to be a failure: take it back. */
export async function uncountAttempt(db: Kysely<DB>, keys: readonly string[], opts: { clearDelayOf?: string } = {}): Promise<void> {
  await db
    .updateTable('idpLoginFailures')
    .set((eb) => ({
      failures: sql<number>`greatest(${eb.ref('failures')} - 1, 0)`,
      ...(opts.clearDelayOf ? { delayedUntil: sql<Date | null>`case when ${eb.ref('identifierHash')} = ${opts.clearDelayOf} then null else ${eb.ref('delayedUntil')} end` } : {}),
    }))
    .where('identifierHash', 'in', keys)
    .execute();
}

export async function deleteCounter(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('idpLoginFailures').where('identifierHash', '=', key).execute();
}

/** Counters whose last failure is older than `before` count nothing any more. */
export async function purgeCounters(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom('idpLoginFailures').where('lastFailureAt', '<', before).execute();
}

/** Claim the right to alert about `key` (none sent since `notSince`); false when another attempt did. */
export async function claimAlert(db: Kysely<DB>, key: string, now: Date, notSince: Date): Promise<boolean> {
  const result = await db
    .updateTable('idpLoginFailures')
    .set({ alertedAt: now })
    .where('identifierHash', '=', key)
    .where((eb) => eb.or([eb('alertedAt', 'is', null), eb('alertedAt', '<=', notSince)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** From how many client addresses the identifier `subjectHash` failed since `since`. */
export async function countFailingAddresses(db: Kysely<DB>, subjectHash: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('idpLoginFailures')
    .select(sql<string>`count(*)`.as('n'))
    .where('subjectHash', '=', subjectHash)
    .where('scope', '=', 'pair')
    .where('lastFailureAt', '>=', since)
    .where('failures', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Mark a solved challenge used; false when it already was (a replay). Expired ones are dropped. */
export async function useChallenge(db: Kysely<DB>, id: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.deleteFrom('idpLoginChallenges').where('expiresAt', '<=', now).execute();
  const inserted = await db
    .insertInto('idpLoginChallenges')
    .values({ id, expiresAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface AlertRecipient {
  idpUserId: string;
  /** The app account (站内消息), when this identity has logged in to the app before. */
  accountId: string | null;
  mobile: string;
  email: string | null;
}

/** Where to tell identity `idpUserId` (its app account, mobile, email). */
export async function findAlertRecipient(db: Kysely<DB>, idpUserId: string): Promise<AlertRecipient | undefined> {
  const [recipient] = await recipients(db).where('idpUsers.id', '=', idpUserId).execute();
  return recipient;
}

/** Every active 安全管理员. */
export function findSecurityAdministrators(db: Kysely<DB>): Promise<AlertRecipient[]> {
  return recipients(db)
    .where('idpUsers.kind', '=', 'staff')
    .where('idpUsers.disabled', '=', false)
    .where(sql<boolean>`idp_users.roles @> '["secadmin"]'::jsonb`)
    .orderBy('idpUsers.id')
    .execute();
}

function recipients(db: Kysely<DB>) {
  return db
    .selectFrom('idpUsers')
    // accounts.subject is the identity's id as text (the OIDC `sub`).
    .leftJoin('accounts', (join) => join.on(sql<boolean>`accounts.subject = idp_users.id::text`))
    .select(['idpUsers.id as idpUserId', 'accounts.id as accountId', 'idpUsers.mobile', 'idpUsers.email']);
}

/** An SMS through the outbox for an identity without an app account (no 站内消息 to attach it to). */
export async function queueSms(db: Kysely<DB>, mobile: string, subject: string, body: string, now: Date): Promise<void> {
  if (!/^1[3-9]\d{9}$/.test(mobile)) return;
  await db.insertInto('outbox').values({ channel: 'sms', recipient: mobile, subject, body, notificationId: null, nextAttemptAt: now, createdAt: now }).execute();
}
