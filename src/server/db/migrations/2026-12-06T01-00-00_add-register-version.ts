import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// What the public 资质查询 pages are made of, as one version row: the register (certificates and
// holdings) and the pending 延续 cases (a 延续 filed in time keeps an expired certificate
// 有效（视为准予延续）). The pages key their ETag and their rendered-page cache on it, a
// primary-key read per request. Triggers, so nothing that writes the register — decisions, the
// import, an operator's SQL — can forget it.
//
// The triggers are deferred constraint triggers: the row is bumped at commit, once per
// transaction, so its lock is always the last one a transaction takes and is held only while it
// commits. Bumped mid-transaction (a plain AFTER trigger), a transaction moving many cases (the
// 公示 period job) would hold it while waiting for a case row that a staff step holds, and that
// step would then wait for it: a deadlock. One bump per transaction is enough: readers see the
// new version and the new rows together, at commit.
//
// Applications matter only as pending 延续 (renew, open, past draft); their WHEN clauses are
// evaluated in the row update itself, so a draft's 暂存 queues nothing.
const PENDING_OLD = sql.raw(`coalesce(old.application_type = 'renew' and old.is_open and old.status <> 'draft', false)`);
const PENDING_NEW = sql.raw(`coalesce(new.application_type = 'renew' and new.is_open and new.status <> 'draft', false)`);
/** What the public pages read of a pending 延续: item, holder, filing day. */
const KEY = (r: 'old' | 'new') => sql.raw(`(${r}.item, ${r}.submitted_at, ${r}.applicant_uscc, ${r}.data->'applicant'->>'idNumber')`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table register_version (
      id boolean primary key default true check (id),
      version bigint not null default 0,
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`insert into register_version default values`.execute(db);

  await sql`
    create function bump_register_version() returns trigger language plpgsql as $$
    begin
      if current_setting('zizhi.register_version_bumped', true) is distinct from 'on' then
        update register_version set version = version + 1, changed_at = clock_timestamp();
        -- Local to the transaction (and undone with a rolled-back savepoint, like the update).
        perform set_config('zizhi.register_version_bumped', 'on', true);
      end if;
      return null;
    end
    $$`.execute(db);

  for (const table of ['register_certificates', 'register_holdings']) {
    await sql`
      create constraint trigger ${sql.raw(`${table}_version`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function bump_register_version()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_version_truncate`)} after truncate on ${sql.table(table)}
      for each statement execute function bump_register_version()`.execute(db);
  }
  await sql`
    create constraint trigger applications_register_version_insert after insert on applications
    deferrable initially deferred for each row when (${PENDING_NEW}) execute function bump_register_version()`.execute(db);
  await sql`
    create constraint trigger applications_register_version_update after update on applications
    deferrable initially deferred for each row
    when ((${PENDING_OLD} or ${PENDING_NEW}) and (${PENDING_OLD} <> ${PENDING_NEW} or ${KEY('old')} is distinct from ${KEY('new')}))
    execute function bump_register_version()`.execute(db);
  await sql`
    create constraint trigger applications_register_version_delete after delete on applications
    deferrable initially deferred for each row when (${PENDING_OLD}) execute function bump_register_version()`.execute(db);
  await sql`
    create trigger applications_register_version_truncate after truncate on applications
    for each statement execute function bump_register_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['insert', 'update', 'delete', 'truncate']) await sql`drop trigger ${sql.raw(`applications_register_version_${name}`)} on applications`.execute(db);
  for (const table of ['register_holdings', 'register_certificates']) {
    await sql`drop trigger ${sql.raw(`${table}_version_truncate`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.raw(`${table}_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function bump_register_version()`.execute(db);
  await sql`drop table register_version`.execute(db);
}
