import type { Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 统计 (issue 18) asks which cases had a step taken in a period: by index, not by reading every
// event. (Those submitted in it are found by applications_submitted_at.)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('case_events_at_idx').on('case_events').columns(['at', 'application_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('case_events_at_idx').execute();
}
