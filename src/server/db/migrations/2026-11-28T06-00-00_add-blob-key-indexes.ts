import type { Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The orphan-blob sweep asks, 500 keys at a time, which blobs rows still name
// (blobs/orphan-sweep.ts); without these it would scan each table once per batch.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('attachments_blob_key_idx').on('attachments').column('blob_key').execute();
  await db.schema.createIndex('statement_attachments_blob_key_idx').on('statement_attachments').column('blob_key').execute();
  await db.schema.createIndex('issued_documents_blob_key_idx').on('issued_documents').column('blob_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issued_documents_blob_key_idx').execute();
  await db.schema.dropIndex('statement_attachments_blob_key_idx').execute();
  await db.schema.dropIndex('attachments_blob_key_idx').execute();
}
