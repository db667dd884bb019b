import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// What the public 公示 and 公告 columns are made of, as one row per column: a version that every
// change to a batch or an entry bumps, in the same transaction. The public pages key their ETag
// and their rendered-page cache on it, a primary-key read, instead of aggregating every batch of
// the column on each request (1.3 ms of PostgreSQL per request at 2 500 batches, growing by the
// year; docs/benchmarks.md). Triggers, so nothing that writes batches — publishing, the period
// job, an operator's SQL — can forget it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_column_versions')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into notice_column_versions (kind) values ('notice'), ('announcement')`.execute(db);

  await sql`
    create function bump_notice_column_version() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'notice_batches' and tg_level = 'ROW' then
        update notice_column_versions set version = version + 1, changed_at = clock_timestamp()
          where kind = case when tg_op = 'DELETE' then old.kind else new.kind end
             or (tg_op = 'UPDATE' and kind = old.kind);
      else
        -- Entries name no kind; they change only with their batch, so both columns move.
        update notice_column_versions set version = version + 1, changed_at = clock_timestamp();
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger notice_batches_version after insert or update or delete on notice_batches
    for each row execute function bump_notice_column_version()`.execute(db);
  await sql`
    create trigger notice_entries_version after insert or update or delete or truncate on notice_entries
    for each statement execute function bump_notice_column_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger notice_entries_version on notice_entries`.execute(db);
  await sql`drop trigger notice_batches_version on notice_batches`.execute(db);
  await sql`drop function bump_notice_column_version()`.execute(db);
  await db.schema.dropTable('notice_column_versions').execute();
}
