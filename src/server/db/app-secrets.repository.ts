import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Store `value` (JSON text) under `name` unless a secret of that name exists: the first writer wins. */
export async function insertSecretIfAbsent(db: Kysely<DB>, name: string, value: string): Promise<void> {
  await db
    .insertInto('appSecrets')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** The stored value; throws when there is none. */
export async function getSecretValue(db: Kysely<DB>, name: string): Promise<unknown> {
  const row = await db.selectFrom('appSecrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** The stored value, or undefined when there is none yet. */
export async function findSecretValue(db: Kysely<DB>, name: string): Promise<unknown> {
  return (await db.selectFrom('appSecrets').select('value').where('name', '=', name).executeTakeFirst())?.value;
}
