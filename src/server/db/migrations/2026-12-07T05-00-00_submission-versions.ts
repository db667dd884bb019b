import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Every version an applicant submitted stays (issue 18). Each 提交 and 重新提交 records the form
// data and which attachment rows were sent (submissions, one row per round), and a file that is
// replaced or removed once the case is submitted moves to attachment_versions with its blob
// kept: staff compare a resubmission with what the 补正 asked for, both files viewable.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('submissions')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    // [{ slot, id }]: the attachment rows (attachments or attachment_versions) as sent.
    .addColumn('attachments', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('submissions_pkey', ['application_id', 'round'])
    .execute();

  await db.schema
    .createTable('attachment_versions')
    // The id the row had while it was the slot's current file.
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('superseded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachment_versions_application_slot').on('attachment_versions').columns(['application_id', 'slot']).execute();
  // The orphan sweep asks which blob keys some row names.
  await db.schema.createIndex('attachment_versions_blob_key').on('attachment_versions').column('blob_key').execute();

  // Cases submitted before this migration: what they hold now is what was last submitted, unless
  // a 补正 is open (its edits may have begun), so those get their first round at 重新提交.
  await sql`
    insert into submissions (application_id, round, data, attachments, submitted_at)
    select a.id, 1, a.data,
           coalesce((select jsonb_agg(jsonb_build_object('slot', t.slot, 'id', t.id) order by t.slot) from attachments t where t.application_id = a.id), '[]'::jsonb),
           a.submitted_at
      from applications a
     where a.submitted_at is not null and a.status not in ('draft', 'correction')
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachment_versions').execute();
  await db.schema.dropTable('submissions').execute();
}
