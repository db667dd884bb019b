import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 中止审查 / 恢复审查 (issue 18): a case in 审查 or 复核 may be suspended with a reason the applicant
// is told; while suspended no step is taken and neither the node's nor the statutory period runs.
// At most one suspension is open per case (a partial unique index: two at once cannot both land).
// The case row carries when the open one began, for the queue and the step check.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_suspensions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('suspended_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('suspended_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resumed_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('resumed_at', 'timestamptz')
    .addColumn('resume_note', 'text')
    .execute();
  await db.schema.createIndex('case_suspensions_application').on('case_suspensions').columns(['application_id', 'suspended_at']).execute();
  await db.schema.createIndex('case_suspensions_one_open').unique().on('case_suspensions').column('application_id').where(sql.ref('resumed_at'), 'is', null).execute();
  await db.schema.alterTable('applications').addColumn('suspended_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('suspended_at').execute();
  await db.schema.dropTable('case_suspensions').execute();
}
