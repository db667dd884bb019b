import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account, AccountKind, DB } from '../db/schema.ts';

export interface AccountSnapshot {
  issuer: string;
  subject: string;
  kind: AccountKind;
  displayName: string;
  profile: Record<string, string>;
  roles: string[];
}

/** Create or refresh the app account for (issuer, subject) with the identity's latest claims. */
export async function upsertAccount(db: Kysely<DB>, snap: AccountSnapshot, now: Date): Promise<Account> {
  return db
    .insertInto('accounts')
    .values({
      id: randomUUID(),
      issuer: snap.issuer,
      subject: snap.subject,
      kind: snap.kind,
      displayName: snap.displayName,
      profile: JSON.stringify(snap.profile),
      roles: JSON.stringify(snap.roles),
      lastLoginAt: now,
    })
    .onConflict((oc) =>
      oc.columns(['issuer', 'subject']).doUpdateSet({
        kind: snap.kind,
        displayName: snap.displayName,
        profile: JSON.stringify(snap.profile),
        roles: JSON.stringify(snap.roles),
        lastLoginAt: now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An account's 完善基本信息 as stored, locked for an update inside a transaction when asked. */
export async function findBasicInfo(db: Kysely<DB>, accountId: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('accounts').select(['basicInfo', 'basicInfoUpdatedAt']).where('id', '=', accountId);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function saveBasicInfo(db: Kysely<DB>, accountId: string, info: Record<string, string>, now: Date): Promise<void> {
  await db.updateTable('accounts').set({ basicInfo: JSON.stringify(info), basicInfoUpdatedAt: now }).where('id', '=', accountId).execute();
}
