import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Second factor for staff (等保 level 3, 8.1.4.1 d): a TOTP secret (RFC 6238), null until the
// account binds an authenticator at its first login, and the last accepted time step (30 s
// units since the epoch), so a code cannot be used twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('idp_users')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enrolled_at', 'timestamptz')
    .addColumn('totp_last_step', 'integer')
    .execute();
  await db.schema
    .alterTable('idp_users')
    .addCheckConstraint('idp_users_totp_check', sql`(totp_secret is null) = (totp_enrolled_at is null) and (totp_secret is null or kind = 'staff')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idp_users').dropConstraint('idp_users_totp_check').execute();
  await db.schema.alterTable('idp_users').dropColumn('totp_secret').dropColumn('totp_enrolled_at').dropColumn('totp_last_step').execute();
}
