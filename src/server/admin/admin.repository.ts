/** SQL of the 三员 administration: staff accounts of the bundled identity provider, the holiday table. */
import type { Kysely } from 'kysely';
import type { DB, HolidayKind, IdpUser } from '../db/schema.ts';

/** A staff user of the bundled identity provider, locked for the caller's transaction. */
export function lockStaffUser(tx: Kysely<DB>, id: string): Promise<IdpUser | undefined> {
  return tx.selectFrom('idpUsers').selectAll().where('id', '=', id).where('kind', '=', 'staff').forUpdate().executeTakeFirst();
}

/** Every staff user, oldest first; no secrets. */
export function listStaffUsers(db: Kysely<DB>) {
  return db
    .selectFrom('idpUsers')
    .select(['id', 'username', 'mobile', 'profile', 'roles', 'disabled', 'createdAt', 'totpEnrolledAt'])
    .where('kind', '=', 'staff')
    .orderBy('createdAt')
    .execute();
}

export async function setStaffDisabled(tx: Kysely<DB>, id: string, disabled: boolean): Promise<void> {
  await tx.updateTable('idpUsers').set({ disabled }).where('id', '=', id).execute();
}

/** Forget the staff user's authenticator: the next login enrolls a new one. */
export async function clearStaffTotp(tx: Kysely<DB>, id: string): Promise<void> {
  await tx.updateTable('idpUsers').set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null }).where('id', '=', id).execute();
}

export async function setStaffRoles(tx: Kysely<DB>, id: string, roles: readonly string[]): Promise<void> {
  await tx.updateTable('idpUsers').set({ roles: JSON.stringify(roles) }).where('id', '=', id).execute();
}

/** The app account signed in as this identity-provider user, if it has logged in yet. */
export async function findAccountIdBySubject(db: Kysely<DB>, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  return row?.id;
}

/** One year of the holiday table, by date. */
export function listHolidaysOfYear(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('holidays')
    .select(['date', 'kind', 'name', 'source'])
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

/** Replace one year's rows of the holiday table, in the caller's transaction. */
export async function replaceHolidaysOfYear(tx: Kysely<DB>, year: number, rows: readonly { date: string; kind: HolidayKind; name: string; source: string }[]): Promise<void> {
  await tx.deleteFrom('holidays').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
  if (rows.length > 0) await tx.insertInto('holidays').values([...rows]).execute();
}
