import { sql, type Kysely } from 'kysely';
import type { AccountKind, DB, IdpUser } from '../../db/schema.ts';

export interface NewIdpUser {
  id: string;
  kind: AccountKind;
  uscc?: string | null;
  idType?: string | null;
  idNumber?: string | null;
  mobile: string;
  email?: string | null;
  username?: string | null;
  passwordHash: string;
  profile: Record<string, string>;
  roles?: string[];
}


export function findIdpUserById(db: Kysely<DB>, id: string): Promise<IdpUser | undefined> {
  return db.selectFrom('idpUsers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The one account whose 统一社会信用代码, 证件号码, 手机 or username equals the login id. */
export async function findIdpUserByLogin(db: Kysely<DB>, code: string, username: string): Promise<IdpUser | undefined> {
  const rows = await db
    .selectFrom('idpUsers')
    .selectAll()
    .where((eb) =>
      eb.or([eb('uscc', '=', code), eb('idNumber', '=', code), eb('mobile', '=', code), eb('username', '=', username)]),
    )
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}

/** Which unique identity fields are already taken. */
export async function findTakenIdentifiers(
  db: Kysely<DB>,
  candidate: { uscc?: string; idType?: string; idNumber?: string; mobile: string },
): Promise<{ uscc: boolean; idNumber: boolean; mobile: boolean }> {
  const rows = await db
    .selectFrom('idpUsers')
    .select(['uscc', 'idType', 'idNumber', 'mobile'])
    .where((eb) =>
      eb.or([
        eb('mobile', '=', candidate.mobile),
        ...(candidate.uscc ? [eb('uscc', '=', candidate.uscc)] : []),
        ...(candidate.idNumber && candidate.idType
          ? [eb.and([eb('idType', '=', candidate.idType), eb('idNumber', '=', candidate.idNumber)])]
          : []),
      ]),
    )
    .execute();
  return {
    uscc: rows.some((r) => candidate.uscc !== undefined && r.uscc === candidate.uscc),
    idNumber: rows.some((r) => candidate.idNumber !== undefined && r.idNumber === candidate.idNumber && r.idType === candidate.idType),
    mobile: rows.some((r) => r.mobile === candidate.mobile),
  };
}

export async function insertIdpUser(db: Kysely<DB>, user: NewIdpUser): Promise<void> {
  await db
    .insertInto('idpUsers')
    .values({
      id: user.id,
      kind: user.kind,
      uscc: user.uscc ?? null,
      idType: user.idType ?? null,
      idNumber: user.idNumber ?? null,
      mobile: user.mobile,
      email: user.email ?? null,
      username: user.username ?? null,
      passwordHash: user.passwordHash,
      profile: JSON.stringify(user.profile),
      roles: JSON.stringify(user.roles ?? []),
    })
    .execute();
}

export function countIdpUsers(db: Kysely<DB>): Promise<number> {
  return db
    .selectFrom('idpUsers')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findLoginFailures(db: Kysely<DB>, identifierHash: string) {
  return db.selectFrom('idpLoginFailures').selectAll().where('identifierHash', '=', identifierHash).executeTakeFirst();
}

export async function saveLoginFailures(
  db: Kysely<DB>,
  row: { identifierHash: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null },
): Promise<void> {
  await db
    .insertInto('idpLoginFailures')
    .values(row)
    .onConflict((oc) =>
      oc.column('identifierHash').doUpdateSet({
        failures: row.failures,
        windowStartedAt: row.windowStartedAt,
        lockedUntil: row.lockedUntil,
      }),
    )
    .execute();
}

export async function clearLoginFailures(db: Kysely<DB>, identifierHash: string): Promise<void> {
  await db.deleteFrom('idpLoginFailures').where('identifierHash', '=', identifierHash).execute();
}

/** End every identity-provider session of an account (used on logout from the app). */
export async function deleteIdpSessionsOf(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('idpStore').where('model', '=', 'Session').where('accountId', '=', accountId).execute();
}
