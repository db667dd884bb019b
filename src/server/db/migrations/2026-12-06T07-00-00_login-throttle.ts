import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Login failures are no longer counted per identifier with a lock for everyone, but per
// (identifier, client address), per address and per identifier, each row one counter (security
// issue 14). The old rows were 15-minute locks keyed another way: they are dropped, which ends
// any lock in force when this runs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from idp_login_failures`.execute(db);
  await db.schema
    .alterTable('idp_login_failures')
    .dropColumn('locked_until')
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('pair', 'address', 'subject')`))
    .addColumn('subject_hash', 'text')
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delayed_until', 'timestamptz')
    .addColumn('alerted_at', 'timestamptz')
    .execute();
  // The addresses an identifier was tried from (the alert counts them); the purge of old rows.
  await db.schema.createIndex('idp_login_failures_subject_idx').on('idp_login_failures').columns(['subject_hash', 'last_failure_at']).execute();
  await db.schema.createIndex('idp_login_failures_last_idx').on('idp_login_failures').column('last_failure_at').execute();

  // Solved challenges (人机验证) already used, until they expire: a solution works once.
  await db.schema
    .createTable('idp_login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idp_login_challenges_expires_idx').on('idp_login_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idp_login_challenges').execute();
  await sql`delete from idp_login_failures`.execute(db);
  await db.schema.dropIndex('idp_login_failures_last_idx').execute();
  await db.schema.dropIndex('idp_login_failures_subject_idx').execute();
  await db.schema
    .alterTable('idp_login_failures')
    .dropColumn('alerted_at')
    .dropColumn('delayed_until')
    .dropColumn('last_failure_at')
    .dropColumn('subject_hash')
    .dropColumn('scope')
    .addColumn('locked_until', 'timestamptz')
    .execute();
}
