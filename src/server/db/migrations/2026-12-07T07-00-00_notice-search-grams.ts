import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The public 公示/公告 search (issue 19): a fragment of an enterprise's or person's name (two
// characters included) or of a 统一社会信用代码, and of a batch title, found through an index the
// database keeps current, not by ILIKE over every entry. The same character pairs as the staff
// search (text_bigrams(), migration 2026-12-07T00): all the fragment's pairs present (GIN), then
// ILIKE on those rows only for contiguity.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table notice_entries add column search_bigrams text[] generated always as (
      coalesce(text_bigrams(subject_name), '{}') || coalesce(text_bigrams(uscc), '{}')
    ) stored`.execute(db);
  await sql`create index notice_entries_search_bigrams on notice_entries using gin (search_bigrams)`.execute(db);
  await sql`alter table notice_batches add column title_bigrams text[] generated always as (coalesce(text_bigrams(title), '{}')) stored`.execute(db);
  await sql`create index notice_batches_title_bigrams on notice_batches using gin (title_bigrams)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notice_batches drop column title_bigrams`.execute(db);
  await sql`alter table notice_entries drop column search_bigrams`.execute(db);
}
