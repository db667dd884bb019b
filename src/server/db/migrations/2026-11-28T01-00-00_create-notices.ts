import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  // 公示 (kind 'notice') and 公告 (kind 'announcement') batches; published ones are public.
  await db.schema
    .createTable('notice_batches')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // 公示 only: working days, first and last day of the period (Asia/Shanghai dates).
    .addColumn('period_days', 'integer')
    .addColumn('starts_on', 'date')
    .addColumn('ends_on', 'date')
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('closed_at', 'timestamptz')
    .addUniqueConstraint('notice_batches_kind_year_seq', ['kind', 'year', 'seq'])
    .execute();
  // Public lists: newest first per column (keyset on published_at, id).
  await db.schema.createIndex('notice_batches_list_idx').on('notice_batches').columns(['kind', 'published_at', 'id']).execute();
  // The period-closing job looks for open 公示 batches whose period has ended.
  await db.schema
    .createIndex('notice_batches_open_idx')
    .on('notice_batches')
    .column('ends_on')
    .where(sql.ref('status'), '=', 'published')
    .execute();

  // One line per case in a batch, holding only what is published.
  await db.schema
    .createTable('notice_entries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'uuid', (c) => c.notNull().references('notice_batches.id'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text')
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('application_type', 'text')
    .addColumn('qualification', 'text')
    // 公示: 同意 / 不同意 with the reason; 公告: the decision (准予许可, 不予许可, 准予注销 …).
    .addColumn('opinion', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('notice_entries_batch_idx').on('notice_entries').columns(['batch_id', 'position']).execute();
  await db.schema.createIndex('notice_entries_application_idx').on('notice_entries').column('application_id').execute();
  await db.schema.createIndex('notice_entries_uscc_idx').on('notice_entries').column('uscc').execute();

  // 陈述 filed online during a 公示 period, with the staff reply.
  await db.schema
    .createTable('statements')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('batch_id', 'uuid', (c) => c.notNull().references('notice_batches.id'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('outcome', 'text')
    .addColumn('replied_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('replied_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('statements_application_idx').on('statements').column('application_id').execute();
  await db.schema
    .createIndex('statements_pending_idx')
    .on('statements')
    .column('submitted_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('statement_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('statement_id', 'uuid', (c) => c.notNull().references('statements.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('statement_attachments_statement_idx').on('statement_attachments').column('statement_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('statement_attachments').execute();
  await db.schema.dropTable('statements').execute();
  await db.schema.dropTable('notice_entries').execute();
  await db.schema.dropTable('notice_batches').execute();
}
