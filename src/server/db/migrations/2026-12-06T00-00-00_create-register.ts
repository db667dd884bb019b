import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The register (登记簿): what each enterprise holds and each engineer is registered for. Until now a
// certificate was built from its case alone; from here every 准予 decision changes the register in
// the case's transaction and certificates are snapshots of it. Holders are keyed by their
// identifier (统一社会信用代码 or 证件号码), not by a login account, so holdings imported from the
// commission's old system belong to the firm before anyone of it has logged in.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table register_certificates (
      id uuid primary key,
      item text not null,
      holder_kind text not null check (holder_kind in ('enterprise', 'engineer')),
      holder_id text not null,
      holder_name text not null,
      number text not null unique,
      valid_from date not null,
      valid_until date not null,
      status text not null default 'valid' check (status in ('valid', 'void')),
      voided_on date,
      void_reason text,
      employer text,
      details jsonb not null default '{}',
      document_id uuid references issued_documents (id),
      origin text not null check (origin in ('case', 'import', 'migration', 'seed')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (valid_until >= valid_from)
    )`.execute(db);
  // One current certificate per holder and item.
  await sql`create unique index register_certificates_current_key on register_certificates (item, holder_kind, holder_id) where status = 'valid'`.execute(db);
  await sql`create index register_certificates_holder_idx on register_certificates (holder_id)`.execute(db);
  await sql`create index register_certificates_expiry_idx on register_certificates (valid_until) where status = 'valid'`.execute(db);

  await sql`
    create table register_holdings (
      id bigserial primary key,
      certificate_id uuid not null references register_certificates (id),
      code text not null,
      status text not null default 'valid' check (status in ('valid', 'cancelled', 'lapsed', 'replaced')),
      since date not null,
      since_application_id uuid references applications (id),
      ended_on date,
      ended_application_id uuid references applications (id)
    )`.execute(db);
  await sql`create unique index register_holdings_current_key on register_holdings (certificate_id, code) where status = 'valid'`.execute(db);

  // Every change of the register, with the case (or import, or 依职权注销) that made it.
  await sql`
    create table register_events (
      id bigserial primary key,
      certificate_id uuid not null references register_certificates (id),
      application_id uuid references applications (id),
      outcome text not null,
      actor_account_id uuid,
      document_id uuid references issued_documents (id),
      details jsonb not null default '{}',
      at timestamptz not null
    )`.execute(db);
  await sql`create index register_events_certificate_idx on register_events (certificate_id, id)`.execute(db);

  // Expiry reminders sent: one row per certificate, validity and threshold, so each goes out once
  // whatever the number of instances or restarts.
  await sql`
    create table register_reminders (
      certificate_id uuid not null references register_certificates (id),
      valid_until date not null,
      days_before integer not null,
      sent_at timestamptz not null,
      primary key (certificate_id, valid_until, days_before)
    )`.execute(db);

  // A reissued certificate keeps its number: the number is unique among other documents only. A
  // document of the register (依职权注销) may have no application.
  await sql`alter table issued_documents add column register_certificate_id uuid references register_certificates (id)`.execute(db);
  await sql`alter table issued_documents drop constraint issued_documents_number_key`.execute(db);
  await sql`create unique index issued_documents_number_key on issued_documents (number) where register_certificate_id is null`.execute(db);
  await sql`create index issued_documents_register_idx on issued_documents (register_certificate_id, issued_at) where register_certificate_id is not null`.execute(db);
  await sql`alter table issued_documents alter column application_id drop not null`.execute(db);

  // Cases already decided become holdings: each holder's current certificate per item.
  await sql`
    insert into register_certificates (id, item, holder_kind, holder_id, holder_name, number, valid_from, valid_until, status, employer, details, document_id, origin, created_at, updated_at)
    select distinct on (a.item, coalesce(a.data->'applicant'->>'uscc', a.data->'applicant'->>'idNumber'))
      gen_random_uuid(), a.item,
      case when d.kind = 'registration-certificate' then 'engineer' else 'enterprise' end,
      coalesce(a.data->'applicant'->>'uscc', a.data->'applicant'->>'idNumber'),
      coalesce(a.data->'applicant'->>'orgName', a.data->'applicant'->>'applicantName'),
      d.number,
      (d.issued_at at time zone 'Asia/Shanghai')::date,
      coalesce((d.content->'public'->>'validUntil')::date, (d.issued_at at time zone 'Asia/Shanghai')::date),
      'valid',
      a.data->'applicant'->>'employer',
      jsonb_strip_nulls(jsonb_build_object('registeredAddress', a.data->'applicant'->>'registeredAddress')),
      d.id, 'migration', now(), now()
    from issued_documents d join applications a on a.id = d.application_id
    where d.kind in ('qualification-certificate', 'registration-certificate') and d.status = 'valid'
      and coalesce(a.data->'applicant'->>'uscc', a.data->'applicant'->>'idNumber') is not null
    order by a.item, coalesce(a.data->'applicant'->>'uscc', a.data->'applicant'->>'idNumber'), d.issued_at desc`.execute(db);
  await sql`
    insert into register_holdings (certificate_id, code, since, since_application_id)
    select distinct rc.id, q.code, rc.valid_from, d.application_id
    from register_certificates rc
    join issued_documents d on d.id = rc.document_id
    join applications a on a.id = d.application_id
    cross join lateral jsonb_array_elements_text(coalesce(a.data->'content'->'qualifications', '[]'::jsonb)) as q(code)
    where rc.holder_kind = 'enterprise'`.execute(db);
  await sql`
    insert into register_events (certificate_id, application_id, outcome, document_id, details, at)
    select rc.id, d.application_id, 'migration', rc.document_id, '{}', now()
    from register_certificates rc join issued_documents d on d.id = rc.document_id`.execute(db);
  // Earlier certificates of the same holder and item belong to the same register entry (换发).
  await sql`
    update issued_documents d set register_certificate_id = rc.id
    from applications a, register_certificates rc
    where a.id = d.application_id and d.kind in ('qualification-certificate', 'registration-certificate')
      and rc.item = a.item and rc.holder_id = coalesce(a.data->'applicant'->>'uscc', a.data->'applicant'->>'idNumber')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists issued_documents_register_idx`.execute(db);
  await sql`drop index if exists issued_documents_number_key`.execute(db);
  await sql`alter table issued_documents drop column register_certificate_id`.execute(db);
  await sql`drop table register_reminders`.execute(db);
  await sql`drop table register_events`.execute(db);
  await sql`drop table register_holdings`.execute(db);
  await sql`drop table register_certificates`.execute(db);
  await sql`delete from issued_documents where application_id is null`.execute(db);
  await sql`alter table issued_documents alter column application_id set not null`.execute(db);
  // Reissued certificates shared a number; only the latest of each keeps it under the old constraint.
  await sql`
    delete from issued_documents d using issued_documents newer
    where d.number = newer.number and d.issued_at < newer.issued_at`.execute(db);
  await sql`alter table issued_documents add constraint issued_documents_number_key unique (number)`.execute(db);
}
