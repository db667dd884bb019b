import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 全部案件 by a fragment of three or more characters (issue 18: p99 ≤ 30 ms at 300 000 cases). The
// rarest pair's cases were each read from applications to check the whole fragment, about 190 heap
// probes for a frequent name's capped total. With the name carried in the index (INCLUDE) the check
// is made on the index entry itself: the page and its total stay index-only, as for two characters.
export async function up(db: Kysely<any>): Promise<void> {
  // Rebuilt rather than updated in place: one sorted index build instead of a row-by-row rewrite.
  await sql`alter table case_name_pairs drop constraint case_name_pairs_pkey`.execute(db);
  await sql`truncate case_name_pairs`.execute(db);
  await sql`alter table case_name_pairs add column applicant_name text not null`.execute(db);
  await sql`
    insert into case_name_pairs (pair, submitted_at, application_id, applicant_name)
    select distinct p, a.submitted_at, a.id, a.applicant_name
    from applications a, unnest(text_bigrams(a.applicant_name)) as p
    where a.number is not null and a.submitted_at is not null`.execute(db);
  await sql`
    alter table case_name_pairs add constraint case_name_pairs_pkey
    primary key (pair, submitted_at, application_id) include (applicant_name)`.execute(db);
  // Statistics now, not at autovacuum's leisure: without them the planner guesses the name filter
  // keeps one row and sorts a bitmap scan of the whole pair (measured 660 ms against 6 ms).
  await sql`analyze case_name_pairs`.execute(db);

  // The update trigger already fires on a changed name: it deletes the old pairs and inserts the
  // new ones, so every row carries the case's current name.
  await sql`
    create or replace function case_name_pairs_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.number is not null and old.submitted_at is not null then
        delete from case_name_pairs
          where pair = any(text_bigrams(old.applicant_name)) and submitted_at = old.submitted_at and application_id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.number is not null and new.submitted_at is not null then
        insert into case_name_pairs (pair, submitted_at, application_id, applicant_name)
          select p, new.submitted_at, new.id, new.applicant_name from unnest(text_bigrams(new.applicant_name)) as p
          on conflict do nothing;
      end if;
      return null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function case_name_pairs_sync() returns trigger language plpgsql as $$
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
  await sql`alter table case_name_pairs drop constraint case_name_pairs_pkey`.execute(db);
  await sql`alter table case_name_pairs drop column applicant_name`.execute(db);
  await sql`alter table case_name_pairs add constraint case_name_pairs_pkey primary key (pair, submitted_at, application_id)`.execute(db);
}
