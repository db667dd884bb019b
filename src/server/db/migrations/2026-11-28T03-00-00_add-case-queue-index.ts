import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// The staff queues (待受理, 待审查 …) select open submitted cases by node, optionally by item,
// oldest first, and count them per queue. applications_open_node_idx also holds 补正 cases, and
// the planner, taking node, status and is_open for independent, expected ~2% of the rows it
// found and ANDed in a scan of the whole applications_one_open_per_item index. This partial
// index holds exactly the queued cases, and the statistics tell the planner how those columns
// go together (docs/benchmarks.md, 300 000 applications: 待审查 of one item 10 → 1.5 ms, with a
// name search 12 → 6 ms, a queue count 13 → 0.6 ms as an index-only scan).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('applications_queue_idx')
    .on('applications')
    .columns(['node', 'item', 'node_entered_at'])
    .where(sql<boolean>`is_open and status = 'submitted'`)
    .execute();
  await sql`create statistics applications_queue_stats (dependencies, mcv) on status, is_open, node, item from applications`.execute(db);
  await sql`analyze applications`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop statistics applications_queue_stats`.execute(db);
  await db.schema.dropIndex('applications_queue_idx').execute();
}
