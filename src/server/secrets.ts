import type { Kysely } from 'kysely';
import { findSecretValue, getSecretValue, insertSecretIfAbsent } from './db/app-secrets.repository.ts';
import type { DB } from './db/schema.ts';

/**
 * A generated secret shared by every app instance through the database: created once by
 * whichever instance asks first, read by the rest (insert … on conflict do nothing). `create` runs
 * only while there is none: an RSA key costs ~160 ms of CPU, at every start it was made anew.
 */
export async function getOrCreateSecret<T>(db: Kysely<DB>, name: string, create: () => T): Promise<T> {
  const stored = await findSecretValue(db, name);
  if (stored !== undefined) return stored as T;
  await insertSecretIfAbsent(db, name, JSON.stringify(create()));
  return (await getSecretValue(db, name)) as T;
}
