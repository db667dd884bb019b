import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The dossier assembler (issue 20, point 2): the documents an applicant adds per person (技术负责人,
// 注册人员, 非注册人员) and for the enterprise, kept so one scan can be replaced and the slot's PDF
// assembled again. Ordered by group, then person, then document.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dossier_parts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('person_group', 'text', (c) => c.notNull().check(sqlIn('person_group', ['lead', 'registered', 'unregistered', 'enterprise'])))
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('person_order', 'integer', (c) => c.notNull())
    .addColumn('part_order', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['pdf', 'jpeg', 'png'])))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dossier_parts_application_slot').on('dossier_parts').columns(['application_id', 'slot']).execute();
  // The orphan sweep asks which blob keys some row names.
  await db.schema.createIndex('dossier_parts_blob_key').on('dossier_parts').column('blob_key').execute();
}

function sqlIn(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dossier_parts').execute();
}
