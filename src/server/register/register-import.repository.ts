/** SQL of the register import: the lookups that find conflicts, and the batched writes. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ImportRecord } from './register-import.ts';

/** Certificates (any status) carrying one of these numbers. */
export async function findCertificatesByNumber(executor: Kysely<DB>, numbers: readonly string[]) {
  if (numbers.length === 0) return [];
  return executor.selectFrom('registerCertificates').select(['number', 'holderName']).where('number', 'in', numbers).execute();
}

/** Valid certificates of these holders, any item. */
export async function findCurrentCertificatesOf(executor: Kysely<DB>, holderIds: readonly string[]) {
  if (holderIds.length === 0) return [];
  return executor.selectFrom('registerCertificates').select(['item', 'holderId', 'number']).where('holderId', 'in', holderIds).where('status', '=', 'valid').execute();
}

/** Certificates with their holdings and one 'import' event each, in the caller's transaction. */
export async function insertImportedCertificates(
  tx: Kysely<DB>,
  rows: readonly (ImportRecord & { id: string })[],
  ctx: { actorAccountId: string; fileName: string; now: Date },
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('registerCertificates')
    .values(
      rows.map((r) => ({
        id: r.id,
        item: r.item.code,
        holderKind: r.holderKind,
        holderId: r.holderId,
        holderName: r.holderName,
        number: r.number,
        validFrom: r.validFrom,
        validUntil: r.validUntil,
        status: 'valid' as const,
        employer: r.employer,
        details: JSON.stringify(r.details),
        documentId: null,
        origin: 'import' as const,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
    )
    .execute();
  const holdings = rows.flatMap((r) => r.holdings.map((code) => ({ certificateId: r.id, code, since: r.validFrom, sinceApplicationId: null })));
  for (let i = 0; i < holdings.length; i += 2_000) await tx.insertInto('registerHoldings').values(holdings.slice(i, i + 2_000)).execute();
  await tx
    .insertInto('registerEvents')
    .values(
      rows.map((r) => ({
        certificateId: r.id,
        applicationId: null,
        outcome: 'import',
        actorAccountId: ctx.actorAccountId,
        documentId: null,
        details: JSON.stringify({ fileName: ctx.fileName, row: r.row, added: r.holdings, validFrom: r.validFrom, validUntil: r.validUntil }),
        at: ctx.now,
      })),
    )
    .execute();
}

/** Certificate counters moved up to at least `last` (never down). */
export async function raiseCounters(tx: Kysely<DB>, counters: readonly { series: string; year: number; last: number }[]): Promise<void> {
  if (counters.length === 0) return;
  await tx
    .insertInto('documentCounters')
    .values(counters.map((c) => ({ ...c })))
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet({ last: sql<number>`greatest(document_counters.last, excluded.last)` }))
    .execute();
}
