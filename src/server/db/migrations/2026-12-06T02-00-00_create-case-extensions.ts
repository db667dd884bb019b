import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Art.42 延期: a 审查 or 复核 handler asks, the 负责人 approves or refuses. At most one request is
// pending and at most one approved per case (partial unique indexes, so two approvals racing
// cannot both land). The approved days are copied onto the application, where every deadline
// computation already reads the case row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_extensions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull().check(sql`days > 0`))
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    // The statutory due date when asked, and the one an approval sets.
    .addColumn('due_before', 'date', (c) => c.notNull())
    .addColumn('due_after', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'refused')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_opinion', 'text')
    .addColumn('document_id', 'uuid', (c) => c.references('issued_documents.id'))
    .execute();
  await db.schema.createIndex('case_extensions_one_pending').unique().on('case_extensions').column('application_id').where(sql.ref('status'), '=', 'pending').execute();
  await db.schema.createIndex('case_extensions_one_approved').unique().on('case_extensions').column('application_id').where(sql.ref('status'), '=', 'approved').execute();
  await db.schema.createIndex('case_extensions_application').on('case_extensions').column('application_id').execute();
  await db.schema.alterTable('applications').addColumn('extension_days', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('extension_days').execute();
  await db.schema.dropTable('case_extensions').execute();
}
