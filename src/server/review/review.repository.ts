import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { escapeLike } from '../db/sql-helpers.ts';

type QueueStatus = 'submitted' | 'correction';

/** How many open cases wait in one queue (a status and the nodes behind it). */
export async function countQueue(db: Kysely<DB>, queue: { status: QueueStatus; nodes: readonly string[] }): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select(sql<string>`count(*)`.as('n'))
    .where('isOpen', '=', true)
    .where('status', '=', queue.status)
    .where('node', 'in', queue.nodes)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface QueueQuery {
  statuses: readonly QueueStatus[];
  /** Non-empty. */
  nodes: readonly string[];
  item?: string;
  /** 申请内容 (application type value). */
  type?: string;
  /** Part of the number, the applicant's name or USCC. */
  search?: string;
  /** 仅看逾期: only cases that entered one of these (workflow, node) before its cutoff. Non-empty. */
  overdue?: readonly { workflow: string; node: string; enteredBefore: Date }[];
  sort: 'entered' | 'submitted' | 'item';
  limit: number;
  offset: number;
}

/** One page of open cases in the given queues, filtered and ordered in SQL, with the exact total. */
export async function listQueueCases(db: Kysely<DB>, q: QueueQuery) {
  let query = db
    .selectFrom('applications')
    .where('isOpen', '=', true)
    .where('status', 'in', q.statuses)
    .where('node', 'in', q.nodes);
  if (q.item) query = query.where('item', '=', q.item);
  if (q.type) query = query.where('applicationType', '=', q.type);
  if (q.search) {
    const like = `%${escapeLike(q.search)}%`;
    query = query.where((eb) => eb.or([eb('number', 'ilike', like), eb('applicantName', 'ilike', like), eb('applicantUscc', 'ilike', like)]));
  }
  const overdue = q.overdue;
  if (overdue) {
    query = query.where((eb) => eb.or(overdue.map((c) => eb.and([eb('workflow', '=', c.workflow), eb('node', '=', c.node), eb('nodeEnteredAt', '<', c.enteredBefore)]))));
  }
  const { n } = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  let ordered = query
    // The applicant's name, not the whole form: the queue shows nothing else of it.
    .select(['id', 'number', 'item', 'applicationType', 'workflow', 'node', 'nodeEnteredAt', 'submittedAt', 'status', 'version', 'applicantName']);
  if (q.sort === 'submitted') ordered = ordered.orderBy('submittedAt').orderBy('id');
  else if (q.sort === 'item') ordered = ordered.orderBy('item').orderBy('applicationType').orderBy('nodeEnteredAt').orderBy('id');
  else ordered = ordered.orderBy('nodeEnteredAt').orderBy('id');
  const rows = await ordered.limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(n) };
}
