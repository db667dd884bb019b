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

/** End every identity-provider session of an account (used on logout from the app). */
export async function deleteIdpSessionsOf(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('idpStore').where('model', '=', 'Session').where('accountId', '=', accountId).execute();
}

/** Bind a TOTP secret, unless the account already has one; false when it had. */
export async function enrollTotp(db: Kysely<DB>, id: string, secret: string, enrolledAt: Date, step: number): Promise<boolean> {
  const result = await db
    .updateTable('idpUsers')
    .set({ totpSecret: secret, totpEnrolledAt: enrolledAt, totpLastStep: step })
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .where('totpSecret', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Record `step` as used; false when it (or a later one) already was: the code is a replay. */
export async function claimTotpStep(db: Kysely<DB>, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('idpUsers')
    .set({ totpLastStep: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A password accepted, second factor still owed: kept server-side in idp_store under the
 * interaction's uid (which the browser proves with oidc-provider's signed interaction cookie),
 * and expiring with the interaction. `enrollSecret` is the candidate secret while binding.
 */
export interface PendingSecondFactor {
  accountId: string;
  enrollSecret: string | null;
}

const PENDING_MODEL = 'ZzSecondFactor';

export async function savePendingSecondFactor(db: Kysely<DB>, uid: string, pending: PendingSecondFactor, expiresAt: Date): Promise<void> {
  // Abandoned steps may hold a candidate secret: drop the expired ones (剩余信息保护).
  await db.deleteFrom('idpStore').where('model', '=', PENDING_MODEL).where('expiresAt', '<=', new Date()).execute();
  const payload = JSON.stringify(pending);
  await db
    .insertInto('idpStore')
    .values({ model: PENDING_MODEL, id: uid, uid, payload, accountId: pending.accountId, expiresAt })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload, accountId: pending.accountId, expiresAt }))
    .execute();
}

export async function findPendingSecondFactor(db: Kysely<DB>, uid: string): Promise<PendingSecondFactor | undefined> {
  const row = await db
    .selectFrom('idpStore')
    .select(['payload', 'expiresAt'])
    .where('model', '=', PENDING_MODEL)
    .where('id', '=', uid)
    .executeTakeFirst();
  // Real time, like the interaction it belongs to (oidc-provider keeps its own clock).
  if (!row || !row.expiresAt || row.expiresAt.getTime() <= Date.now()) return undefined;
  const p = row.payload as Partial<PendingSecondFactor>;
  return typeof p.accountId === 'string' ? { accountId: p.accountId, enrollSecret: typeof p.enrollSecret === 'string' ? p.enrollSecret : null } : undefined;
}

export async function deletePendingSecondFactor(db: Kysely<DB>, uid: string): Promise<void> {
  await db.deleteFrom('idpStore').where('model', '=', PENDING_MODEL).where('id', '=', uid).execute();
}
