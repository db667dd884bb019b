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
