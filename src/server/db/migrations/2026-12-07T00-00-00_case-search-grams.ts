import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Staff find any case by a fragment of its 申报编号, applicant name (two Chinese characters
// included) or 统一社会信用代码 (issue 18). pg_trgm cannot serve two-character fragments and treats
// CJK as word separators under the C locale PGlite runs in, so the database keeps every case's
// distinct lower-cased character pairs in a generated array under a GIN index: a fragment's pairs
// must all be present (an index lookup), and ILIKE then checks they are contiguous.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function text_bigrams(t text) returns text[]
      language sql immutable strict parallel safe
      as $$ select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}') from generate_series(1, char_length(t) - 1) as i $$`.execute(db);
  // A generated column cannot read another one, so the applicant's name and USCC are read from
  // `data` as the applicant_name / applicant_uscc columns do.
  await sql`
    alter table applications add column search_bigrams text[] generated always as (
      coalesce(text_bigrams(number), '{}')
      || coalesce(text_bigrams(coalesce(data->'applicant'->>'orgName', data->'applicant'->>'applicantName')), '{}')
      || coalesce(text_bigrams(data->'applicant'->>'uscc'), '{}')
    ) stored`.execute(db);
  await sql`create index applications_search_bigrams on applications using gin (search_bigrams) where number is not null`.execute(db);
  // 全部案件 lists the newest submissions first.
  await sql`create index applications_submitted_at on applications (submitted_at desc, id desc) where number is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index applications_submitted_at`.execute(db);
  await sql`alter table applications drop column search_bigrams`.execute(db);
  await sql`drop function text_bigrams(text)`.execute(db);
}
