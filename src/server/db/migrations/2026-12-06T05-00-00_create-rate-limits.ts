import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// Request counters shared by every instance behind a load balancer (per-process counters allow N
// times the attempts with N instances). Unlogged: a counter lost in a crash costs nothing, and
// no write-ahead log is written per counted request.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limits (
      key text primary key,
      count integer not null,
      resets_at timestamptz not null
    )`.execute(db);
  await db.schema.createIndex('rate_limits_resets_at').on('rate_limits').column('resets_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
