import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 全部案件 by a fragment of a name (issue 18: p99 ≤ 30 ms at 300 000 cases). The GIN index of
// 2026-12-07T00 finds which cases hold a pair but cannot give them newest first, so a frequent pair
// meant visiting thousands of rows for one page and for its total. Here each submitted case's name
// pairs are rows keyed (pair, submitted_at, id): the newest cases holding a pair are the end of one
// B-tree range, read in order and stopped after a page, and a capped total is an index-only count.
// Kept by triggers on applications, so every writer (submission, 补正 with a new name, a deleted
// case) keeps it current.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table case_name_pairs (
      pair text not null,
      submitted_at timestamptz not null,
      application_id uuid not null,
      primary key (pair, submitted_at, application_id)
    )`.execute(db);

  await sql`
    create function case_name_pairs_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.number is not null and old.submitted_at is not null then
        delete from case_name_pairs
          where pair = any(text_bigrams(old.applicant_name)) and submitted_at = old.submitted_at and application_id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.number is not null and new.submitted_at is not null then
        insert into case_name_pairs (pair, submitted_at, application_id)
          select p, new.submitted_at, new.id from unnest(text_bigrams(new.applicant_name)) as p
          on conflict do nothing;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger applications_name_pairs after insert or delete on applications
    for each row execute function case_name_pairs_sync()`.execute(db);
  // Workflow steps update a case many times; only these three columns move its pairs.
  await sql`
    create trigger applications_name_pairs_update after update on applications for each row
    when (old.number is distinct from new.number or old.submitted_at is distinct from new.submitted_at
          or old.applicant_name is distinct from new.applicant_name)
    execute function case_name_pairs_sync()`.execute(db);

  await sql`
    insert into case_name_pairs (pair, submitted_at, application_id)
    select distinct p, a.submitted_at, a.id
    from applications a, unnest(text_bigrams(a.applicant_name)) as p
    where a.number is not null and a.submitted_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger applications_name_pairs_update on applications`.execute(db);
  await sql`drop trigger applications_name_pairs on applications`.execute(db);
  await sql`drop function case_name_pairs_sync()`.execute(db);
  await sql`drop table case_name_pairs`.execute(db);
}
