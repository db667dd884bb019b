import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 认领 / 指派 / 转办 (issue 18): a case at a staff node may be held by one staff member, who alone
// works it until they release or hand it on. The holder sits on the case row, so a claim is one
// conditional UPDATE (two claims at once: the row lock lets one through, the other finds a
// holder). Every change of holder is kept in case_assignments for the 办理记录.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('applications')
    .addColumn('holder_account_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('held_since', 'timestamptz')
    .execute();
  await db.schema.createIndex('applications_holder').on('applications').column('holder_account_id').where(sql.ref('holder_account_id'), 'is not', null).execute();
  await db.schema
    .createTable('case_assignments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('claim', 'release', 'assign', 'transfer')`))
    .addColumn('from_account_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('to_account_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('by_account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_assignments_application').on('case_assignments').column('application_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_assignments').execute();
  await db.schema.dropIndex('applications_holder').execute();
  await db.schema.alterTable('applications').dropColumn('held_since').dropColumn('holder_account_id').execute();
}
