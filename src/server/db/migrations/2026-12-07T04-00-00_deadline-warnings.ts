import type { Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Staff are warned when a case they hold (认领) is two working days from its node deadline
// (issue 18): one warning per case per stay in a node, whatever the number of instances running
// the job (the primary key makes a second insert fail, and the message is written with it).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deadline_warnings')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('node_entered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('warned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_warnings_pk', ['application_id', 'node_entered_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deadline_warnings').execute();
}
