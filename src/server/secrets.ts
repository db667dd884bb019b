import type { Kysely } from 'kysely';
import { getSecretValue, insertSecretIfAbsent } from './db/app-secrets.repository.ts';
import type { DB } from './db/schema.ts';

/**
 * A generated secret shared by every app instance through the database: created once by
 * whichever instance asks first, read by the rest (insert … on conflict do nothing).
 */
export async function getOrCreateSecret<T>(db: Kysely<DB>, name: string, create: () => T): Promise<T> {
  await insertSecretIfAbsent(db, name, JSON.stringify(create()));
  return (await getSecretValue(db, name)) as T;
}
