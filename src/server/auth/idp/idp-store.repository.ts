import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** One oidc-provider object: `payload` as JSON text, the columns it is looked up by beside it. */
export interface IdpStoreRow {
  model: string;
  id: string;
  payload: string;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  accountId: string | null;
  expiresAt: Date | null;
}

export interface StoredIdpObject {
  payload: Record<string, unknown>;
  consumedAt: Date | null;
  expiresAt: Date | null;
}

/** Insert or replace (by model and id); a replaced object keeps its `consumedAt`. */
export async function upsertIdpObject(db: Kysely<DB>, row: IdpStoreRow): Promise<void> {
  await db
    .insertInto('idpStore')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: row.payload,
        grantId: row.grantId,
        userCode: row.userCode,
        uid: row.uid,
        accountId: row.accountId,
        expiresAt: row.expiresAt,
      }),
    )
    .execute();
}

export function findIdpObject(db: Kysely<DB>, model: string, column: 'id' | 'uid' | 'userCode', value: string): Promise<StoredIdpObject | undefined> {
  return db
    .selectFrom('idpStore')
    .select(['payload', 'consumedAt', 'expiresAt'])
    .where('model', '=', model)
    .where(column, '=', value)
    .executeTakeFirst();
}

export async function markIdpObjectConsumed(db: Kysely<DB>, model: string, id: string, at: Date): Promise<void> {
  await db.updateTable('idpStore').set({ consumedAt: at }).where('model', '=', model).where('id', '=', id).execute();
}

export async function deleteIdpObject(db: Kysely<DB>, model: string, id: string): Promise<void> {
  await db.deleteFrom('idpStore').where('model', '=', model).where('id', '=', id).execute();
}

/** Every object of a grant, whatever its model (oidc-provider's revokeByGrantId). */
export async function deleteIdpObjectsOfGrant(db: Kysely<DB>, grantId: string): Promise<void> {
  await db.deleteFrom('idpStore').where('grantId', '=', grantId).execute();
}
