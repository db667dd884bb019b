import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';

/**
 * A generated secret shared by every app instance through the database: created once by
 * whichever instance asks first, read by the rest (insert … on conflict do nothing).
 */
export async function getOrCreateSecret<T>(db: Kysely<DB>, name: string, create: () => T): Promise<T> {
  await db
    .insertInto('appSecrets')
    .values({ name, value: JSON.stringify(create()) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('appSecrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value as T;
}
