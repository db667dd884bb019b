/** SQL of the register (登记簿): certificates, their holdings, events and reminders. */
import { sql, type Insertable, type Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import type { DB, HoldingStatus, RegisterCertificate, RegisterCertificatesTable } from '../db/schema.ts';

export type CertificateWithHoldings = RegisterCertificate & { holdings: string[] };

/** A holder's certificate of an item that is not void, locked for the caller's transaction. */
export async function lockCurrentCertificate(tx: Kysely<DB>, item: string, holderKind: string, holderId: string): Promise<CertificateWithHoldings | undefined> {
  const row = await tx
    .selectFrom('registerCertificates')
    .selectAll()
    .where('item', '=', item)
    .where('holderKind', '=', holderKind as 'enterprise' | 'engineer')
    .where('holderId', '=', holderId)
    .where('status', '=', 'valid')
    .forUpdate()
    .executeTakeFirst();
  return row ? { ...row, holdings: await validHoldings(tx, row.id) } : undefined;
}

export async function validHoldings(executor: Kysely<DB>, certificateId: string): Promise<string[]> {
  const rows = await executor.selectFrom('registerHoldings').select('code').where('certificateId', '=', certificateId).where('status', '=', 'valid').orderBy('id').execute();
  return rows.map((r) => r.code);
}

/** Certificates of one holder (current and void), with their valid holdings, newest first. */
export async function listHolderCertificates(executor: Kysely<DB>, holderKind: string, holderId: string): Promise<CertificateWithHoldings[]> {
  const rows = await executor
    .selectFrom('registerCertificates as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('registerHoldings as h')
        .select(sql<string[]>`coalesce(array_agg(h.code order by h.id), '{}')`.as('codes'))
        .whereRef('h.certificateId', '=', 'c.id')
        .where('h.status', '=', 'valid')
        .as('holdingCodes'),
    )
    .where('c.holderKind', '=', holderKind as 'enterprise' | 'engineer')
    .where('c.holderId', '=', holderId)
    .orderBy('c.status', 'desc')
    .orderBy('c.updatedAt', 'desc')
    .execute();
  return rows.map(({ holdingCodes, ...r }) => ({ ...r, holdings: holdingCodes ?? [] }));
}

export async function insertCertificate(tx: Kysely<DB>, row: Insertable<RegisterCertificatesTable>) {
  await tx.insertInto('registerCertificates').values(row).execute();
}

export async function addHoldings(tx: Kysely<DB>, certificateId: string, codes: readonly string[], since: string, applicationId: string | null) {
  if (codes.length === 0) return;
  await tx
    .insertInto('registerHoldings')
    .values(codes.map((code) => ({ certificateId, code, since, sinceApplicationId: applicationId })))
    .execute();
}

export async function endHoldings(tx: Kysely<DB>, certificateId: string, codes: readonly string[], status: HoldingStatus, endedOn: string, applicationId: string | null) {
  if (codes.length === 0) return;
  await tx
    .updateTable('registerHoldings')
    .set({ status, endedOn, endedApplicationId: applicationId })
    .where('certificateId', '=', certificateId)
    .where('status', '=', 'valid')
    .where('code', 'in', codes)
    .execute();
}

export async function insertRegisterEvent(
  tx: Kysely<DB>,
  e: { certificateId: string; applicationId: string | null; outcome: string; actorAccountId: string | null; documentId: string | null; details: Record<string, unknown>; at: Date },
) {
  await tx.insertInto('registerEvents').values({ ...e, details: JSON.stringify(e.details) }).execute();
}

/**
 * Open 延续 (renew) cases of these holders of `item`, submitted (past draft): holder id → the
 * Shanghai day it was filed. A 延续 filed by the expiry and still undecided keeps the certificate
 * 有效（视为准予延续）(行政许可法 Art. 50).
 */
export async function findPendingRenewals(executor: Kysely<DB>, item: string, holderIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (holderIds.length === 0) return out;
  const rows = await executor
    .selectFrom('applications')
    .select(['data', 'submittedAt', 'applicantUscc'])
    .where('item', '=', item)
    .where('applicationType', '=', 'renew')
    .where('isOpen', '=', true)
    .where('status', '!=', 'draft')
    .where(sql<string>`coalesce(applicant_uscc, data->'applicant'->>'idNumber')`, 'in', holderIds)
    .execute();
  for (const r of rows) {
    const idNumber = (r.data as Record<string, Record<string, unknown>>).applicant?.idNumber;
    const id = (r.applicantUscc ?? (typeof idNumber === 'string' && idNumber.trim() ? idNumber.trim() : undefined))?.toUpperCase();
    if (id && holderIds.includes(id) && r.submittedAt) out.set(id, shanghaiDateOf(r.submittedAt));
  }
  return out;
}

/** What a certificate's standing today depends on; undefined for an unknown id. */
export function findCertificateValidity(executor: Kysely<DB>, id: string) {
  return executor.selectFrom('registerCertificates').select(['item', 'holderId', 'status', 'validUntil']).where('id', '=', id).executeTakeFirst();
}

/** One certificate (any status), locked for the caller's transaction. */
export function lockCertificate(tx: Kysely<DB>, id: string): Promise<RegisterCertificate | undefined> {
  return tx.selectFrom('registerCertificates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Valid certificates past their validity (before `today`), oldest first, at most `limit`. */
export function listCertificatesPastValidity(executor: Kysely<DB>, today: string, limit: number): Promise<RegisterCertificate[]> {
  return executor.selectFrom('registerCertificates').selectAll().where('status', '=', 'valid').where('validUntil', '<', today).orderBy('validUntil').orderBy('id').limit(limit).execute();
}

/** Valid certificates whose validity ends between `from` and `until` (both inclusive). */
export function listCertificatesEndingBetween(executor: Kysely<DB>, from: string, until: string): Promise<RegisterCertificate[]> {
  return executor.selectFrom('registerCertificates').selectAll().where('status', '=', 'valid').where('validUntil', '>=', from).where('validUntil', '<=', until).execute();
}

export async function voidCertificate(tx: Kysely<DB>, id: string, v: { voidedOn: string; voidReason: string; now: Date }): Promise<void> {
  await tx.updateTable('registerCertificates').set({ status: 'void', voidedOn: v.voidedOn, voidReason: v.voidReason, updatedAt: v.now }).where('id', '=', id).execute();
}

/** A decision's new terms on the same certificate (its number stays). */
export async function updateCertificateTerms(
  tx: Kysely<DB>,
  id: string,
  terms: { holderName: string; validFrom: string; validUntil: string; employer: string | null; details: Record<string, string>; now: Date },
): Promise<void> {
  await tx
    .updateTable('registerCertificates')
    .set({ holderName: terms.holderName, validFrom: terms.validFrom, validUntil: terms.validUntil, employer: terms.employer, details: JSON.stringify(terms.details), updatedAt: terms.now })
    .where('id', '=', id)
    .execute();
}

/** The document that carries the certificate now. */
export async function setCertificateDocument(tx: Kysely<DB>, id: string, documentId: string): Promise<void> {
  await tx.updateTable('registerCertificates').set({ documentId }).where('id', '=', id).execute();
}

/**
 * Claim the expiry reminders of these thresholds for the certificate's current validity: the
 * thresholds this call claimed (a threshold already claimed, by anyone, is left out).
 */
export async function claimExpiryReminders(
  tx: Kysely<DB>,
  cert: { id: string; validUntil: string },
  daysBefore: readonly number[],
  sentAt: Date,
): Promise<number[]> {
  const rows = await tx
    .insertInto('registerReminders')
    .values(daysBefore.map((d) => ({ certificateId: cert.id, validUntil: cert.validUntil, daysBefore: d, sentAt })))
    .onConflict((oc) => oc.doNothing())
    .returning('daysBefore')
    .execute();
  return rows.map((r) => r.daysBefore);
}

/** Accounts that hold as this holder (the firm's 法人 login, the engineer's own), with their contacts. */
export function listAccountsOfHolder(executor: Kysely<DB>, kind: 'enterprise' | 'engineer', holderId: string) {
  return executor
    .selectFrom('accounts')
    .select(['id', 'profile'])
    .where('kind', '=', kind === 'enterprise' ? 'legal' : 'natural')
    .where(sql<string>`upper(profile->>${kind === 'enterprise' ? 'uscc' : 'idNumber'})`, '=', holderId)
    .execute();
}

/** The identity profile of the account that applied (法定代表人 for the certificate). */
export async function findAccountProfile(executor: Kysely<DB>, accountId: string): Promise<Record<string, string> | undefined> {
  const row = await executor.selectFrom('accounts').select('profile').where('id', '=', accountId).executeTakeFirst();
  return row?.profile;
}

/** Verification codes of these documents, by document id. */
export async function findVerificationCodes(executor: Kysely<DB>, documentIds: readonly string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = await executor.selectFrom('issuedDocuments').select(['id', 'verificationCode']).where('id', 'in', documentIds).execute();
  return new Map(rows.map((d) => [d.id, d.verificationCode]));
}
