import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('applications')
    .addColumn('workflow', 'text')
    // Current workflow node (null for drafts and ended cases) and when the case entered it.
    .addColumn('node', 'text')
    .addColumn('node_entered_at', 'timestamptz')
    .addColumn('outcome', 'text')
    // Open 补正 request: { items: string[], message: string, requestedAt }.
    .addColumn('correction', 'jsonb')
    .execute();
  await db.schema
    .createIndex('applications_open_node_idx')
    .on('applications')
    .columns(['node', 'node_entered_at'])
    .where(sql.ref('node'), 'is not', null)
    .execute();
  await db.schema.alterTable('case_events').addColumn('actor_role', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_events').dropColumn('actor_role').execute();
  await db.schema.dropIndex('applications_open_node_idx').execute();
  await db.schema
    .alterTable('applications')
    .dropColumn('workflow')
    .dropColumn('node')
    .dropColumn('node_entered_at')
    .dropColumn('outcome')
    .dropColumn('correction')
    .execute();
}
