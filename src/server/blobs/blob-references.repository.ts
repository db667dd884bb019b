import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Tables whose rows name blobs: every one the app writes. */
const REFERENCES = ['attachments', 'attachmentVersions', 'statementAttachments', 'issuedDocuments', 'dossierParts'] as const;

/** Which of `keys` some row names. */
export async function findNamedBlobKeys(db: Kysely<DB>, keys: readonly string[]): Promise<Set<string>> {
  const named = new Set<string>();
  if (keys.length === 0) return named;
  for (const table of REFERENCES) {
    // Each table has an index on blob_key (migrations 2026-11-28T06-00-00_add-blob-key-indexes, 2026-12-07T05, 2026-12-08T00).
    for (const row of await db.selectFrom(table).select('blobKey').where('blobKey', 'in', keys).execute()) if (row.blobKey) named.add(row.blobKey);
  }
  return named;
}
