import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 等保 level 3 and 网络安全法 Art. 21: audit records are protected and kept at least six months.
// The table is append-only for everyone who connects as the app: no row is ever changed, no row
// younger than 180 days is deleted, and the table cannot be truncated. Only the retention purge
// deletes, and only older rows. (An owner can still disable triggers; see docs/security.md.)
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_log_protect() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'audit_log is append-only: rows cannot be changed' using errcode = '42501';
      elsif tg_op = 'DELETE' then
        if old.at > now() - interval '180 days' then
          raise exception 'audit_log rows are kept at least 180 days (row % of %)', old.id, old.at using errcode = '42501';
        end if;
        return old;
      elsif tg_op = 'TRUNCATE' then
        raise exception 'audit_log cannot be truncated' using errcode = '42501';
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger audit_log_no_update before update on audit_log for each row execute function audit_log_protect()`.execute(db);
  await sql`create trigger audit_log_retention before delete on audit_log for each row execute function audit_log_protect()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_protect()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['audit_log_no_truncate', 'audit_log_retention', 'audit_log_no_update']) {
    await sql`drop trigger ${sql.ref(trigger)} on audit_log`.execute(db);
  }
  await sql`drop function audit_log_protect()`.execute(db);
}
