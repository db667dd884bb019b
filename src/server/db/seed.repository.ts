import type { Insertable, Kysely } from 'kysely';
import type { DB, IssuedDocumentsTable, RegisterCertificatesTable } from './schema.ts';

/**
 * A demo register entry as the seed writes it, in `tx`: the certificate, its holdings since
 * `validFrom`, the document that carries it and the register event (`seed`) at `at`. The seed
 * writes its rows itself: it fills several areas at once, before any of their services runs.
 */
export async function insertSeedCertificate(
  tx: Kysely<DB>,
  entry: {
    certificate: Insertable<RegisterCertificatesTable> & { id: string; validFrom: string };
    codes: readonly string[];
    document: Insertable<IssuedDocumentsTable> & { id: string };
    at: Date;
  },
): Promise<void> {
  const { certificate, document } = entry;
  await tx.insertInto('registerCertificates').values(certificate).execute();
  if (entry.codes.length > 0) {
    await tx.insertInto('registerHoldings').values(entry.codes.map((code) => ({ certificateId: certificate.id, code, since: certificate.validFrom }))).execute();
  }
  await tx.insertInto('issuedDocuments').values(document).execute();
  await tx.updateTable('registerCertificates').set({ documentId: document.id }).where('id', '=', certificate.id).execute();
  await tx.insertInto('registerEvents').values({ certificateId: certificate.id, applicationId: null, outcome: 'seed', actorAccountId: null, documentId: document.id, details: '{}', at: entry.at }).execute();
}
