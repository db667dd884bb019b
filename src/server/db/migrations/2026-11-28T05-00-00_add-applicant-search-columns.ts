import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The staff queue shows each case's applicant and searches it by name and 统一社会信用代码. Read
// out of the form's jsonb, that cost three jsonb extractions per queued case on every search
// (12 ms for 2 000 queued cases of one item; docs/benchmarks.md); kept as plain columns, computed
// by PostgreSQL whenever the form data changes, they are read like any other column.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table applications
      add column applicant_name text generated always as (coalesce(data->'applicant'->>'orgName', data->'applicant'->>'applicantName')) stored,
      add column applicant_uscc text generated always as (data->'applicant'->>'uscc') stored`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table applications drop column applicant_uscc, drop column applicant_name`.execute(db);
}
