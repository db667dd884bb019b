import type { Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 一次性告知 phrase templates (issue 18): the 负责人 keeps, per role, the standard wording of 补正
// requests and refusal opinions; staff insert one into the opinion they write. Titles are unique
// within a role. A template the system seeded (the demo's) has no author.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('opinion_templates')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_templates_role_title').unique().on('opinion_templates').columns(['role', 'title']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opinion_templates').execute();
}
