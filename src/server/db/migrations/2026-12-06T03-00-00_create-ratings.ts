import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 政务服务好差评 (国办发〔2019〕51号): one rating per case by its applicant, never changed or deleted
// afterwards — by anyone, so the database refuses it, not only the app. A 差评 opens one 整改,
// closed by the 负责人 with the measures and the 回访; a closed 整改 is frozen the same way.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table service_ratings (
      id uuid primary key,
      application_id uuid not null unique references applications (id),
      account_id uuid not null references accounts (id),
      item text not null,
      outcome text not null,
      level text not null check (level in ('very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied')),
      comment text check (char_length(comment) between 1 and 500),
      rated_at timestamptz not null
    )`.execute(db);
  await sql`create index service_ratings_item_idx on service_ratings (item, level)`.execute(db);

  await sql`
    create table rating_rectifications (
      id uuid primary key,
      rating_id uuid not null unique references service_ratings (id),
      status text not null default 'open' check (status in ('open', 'closed')),
      opened_at timestamptz not null,
      due_on date not null,
      measures text check (char_length(measures) between 1 and 2000),
      follow_up_on date,
      follow_up_method text check (follow_up_method in ('phone', 'sms', 'visit', 'hall', 'online')),
      follow_up_response text check (follow_up_response in ('satisfied', 'basically-satisfied', 'dissatisfied')),
      follow_up_note text check (char_length(follow_up_note) between 1 and 500),
      closed_by uuid references accounts (id),
      closed_at timestamptz,
      check (status = 'open' and closed_at is null
        or status = 'closed' and closed_at is not null and closed_by is not null and measures is not null
          and follow_up_on is not null and follow_up_method is not null and follow_up_response is not null)
    )`.execute(db);
  await sql`create index rating_rectifications_open_idx on rating_rectifications (due_on) where status = 'open'`.execute(db);

  await sql`
    create function refuse_rating_change() returns trigger language plpgsql as $$
    begin
      raise exception 'service_ratings is append-only: a rating cannot be changed or deleted' using errcode = 'integrity_constraint_violation';
    end
    $$`.execute(db);
  await sql`create trigger service_ratings_append_only before update or delete on service_ratings for each row execute function refuse_rating_change()`.execute(db);
  await sql`create trigger service_ratings_no_truncate before truncate on service_ratings for each statement execute function refuse_rating_change()`.execute(db);

  // An open 整改 is closed once (open → closed); its rating, due date and a closed record never change.
  await sql`
    create function refuse_rectification_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.status = 'open' and new.rating_id = old.rating_id and new.opened_at = old.opened_at and new.due_on = old.due_on then
        return new;
      end if;
      raise exception 'rating_rectifications: a closed rectification, its rating and due date cannot be changed, nor any deleted' using errcode = 'integrity_constraint_violation';
    end
    $$`.execute(db);
  await sql`create trigger rating_rectifications_guard before update or delete on rating_rectifications for each row execute function refuse_rectification_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table rating_rectifications`.execute(db);
  await sql`drop table service_ratings`.execute(db);
  await sql`drop function refuse_rectification_change()`.execute(db);
  await sql`drop function refuse_rating_change()`.execute(db);
}
