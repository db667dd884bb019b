import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DB } from '../../db/schema.ts';
import { deleteIdpObject, deleteIdpObjectsOfGrant, findIdpObject, markIdpObjectConsumed, upsertIdpObject } from './idp-store.repository.ts';

/** oidc-provider storage in the database, so several app instances share IdP state. */
export function createIdpStoreAdapter(db: Kysely<DB>) {
  return class IdpStoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await upsertIdpObject(db, {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        accountId: payload.accountId ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      });
    }

    private async findWhere(column: 'id' | 'uid' | 'userCode', value: string): Promise<AdapterPayload | undefined> {
      const row = await findIdpObject(db, this.model, column, value);
      if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }

    find(id: string) {
      return this.findWhere('id', id);
    }
    findByUid(uid: string) {
      return this.findWhere('uid', uid);
    }
    findByUserCode(userCode: string) {
      return this.findWhere('userCode', userCode);
    }

    async consume(id: string): Promise<void> {
      await markIdpObjectConsumed(db, this.model, id, new Date());
    }

    async destroy(id: string): Promise<void> {
      await deleteIdpObject(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deleteIdpObjectsOfGrant(db, grantId);
    }
  };
}
