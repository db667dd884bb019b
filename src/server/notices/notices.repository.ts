import { sql, type Kysely, type Selectable } from 'kysely';
import type { Application, DB, NoticeBatch, NoticeBatchStatus, NoticeKind, StatementOutcome, StatementsTable, StatementStatus } from '../db/schema.ts';
import type { EntryFacts } from './notice-entries.ts';
import { APPLICATION_COLUMNS } from '../db/application-columns.ts';

// ------------------------------------------------------------------ cases

/**
 * Open, submitted cases: the ones named (in any node; the caller checks it), or every case
 * waiting at `node`; oldest submission first, locked when asked.
 */
export function listOpenCases(db: Kysely<DB>, filter: { ids: readonly string[] } | { node: string }, opts: { forUpdate?: boolean } = {}): Promise<Application[]> {
  let q = db.selectFrom('applications').select(APPLICATION_COLUMNS).where('status', '=', 'submitted').where('isOpen', '=', true);
  q = 'ids' in filter ? q.where('id', 'in', filter.ids) : q.where('node', '=', filter.node);
  q = q.orderBy('submittedAt').orderBy('id');
  return (opts.forUpdate ? q.forUpdate() : q).execute();
}

export function lockCase(db: Kysely<DB>, id: string): Promise<Application> {
  return db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export function getCase(db: Kysely<DB>, id: string): Promise<Application> {
  return db.selectFrom('applications').select(APPLICATION_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The cases still at 公示 that have an entry in the batch, locked, by id. */
export function lockCasesInNotice(db: Kysely<DB>, batchId: string): Promise<Application[]> {
  return db
    .selectFrom('applications')
    .select(APPLICATION_COLUMNS)
    .where('node', '=', 'notice')
    .where('id', 'in', (eb) => eb.selectFrom('noticeEntries').select('applicationId').where('batchId', '=', batchId))
    .orderBy('id')
    .forUpdate()
    .execute();
}

// ------------------------------------------------------------------ batches and entries

export interface LatestEntry {
  opinion: string;
  reason: string | null;
  batchId: string;
  title: string;
  status: NoticeBatchStatus;
  startsOn: string | null;
  endsOn: string | null;
  publishedAt: Date;
}

/** The case's latest entry in a batch of this kind, with the batch. */
export function findLatestEntry(db: Kysely<DB>, applicationId: string, kind: NoticeKind): Promise<LatestEntry | undefined> {
  return db
    .selectFrom('noticeEntries')
    .innerJoin('noticeBatches', 'noticeBatches.id', 'noticeEntries.batchId')
    .select([
      'noticeEntries.opinion',
      'noticeEntries.reason',
      'noticeBatches.id as batchId',
      'noticeBatches.title',
      'noticeBatches.status',
      'noticeBatches.startsOn',
      'noticeBatches.endsOn',
      'noticeBatches.publishedAt',
    ])
    .where('noticeEntries.applicationId', '=', applicationId)
    .where('noticeBatches.kind', '=', kind)
    .orderBy('noticeBatches.publishedAt', 'desc')
    .orderBy('noticeEntries.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The last batch number of this kind and year so far (0 before the first); nothing is reserved. */
export async function lastBatchSeq(db: Kysely<DB>, kind: NoticeKind, year: number): Promise<number> {
  const row = await db.selectFrom('documentCounters').select('last').where('series', '=', `batch-${kind}`).where('year', '=', year).executeTakeFirst();
  return row?.last ?? 0;
}

export interface NewBatch {
  id: string;
  kind: NoticeKind;
  year: number;
  seq: number;
  title: string;
  body: string;
  periodDays: number | null;
  startsOn: string | null;
  endsOn: string | null;
  entryCount: number;
  publishedAt: Date;
  publishedBy: string;
}

export async function insertBatch(db: Kysely<DB>, batch: NewBatch): Promise<void> {
  await db
    .insertInto('noticeBatches')
    .values({ ...batch, status: 'published' })
    .execute();
}

export async function insertEntries(db: Kysely<DB>, entries: readonly (EntryFacts & { batchId: string; applicationId: string; position: number })[]): Promise<void> {
  await db.insertInto('noticeEntries').values([...entries]).execute();
}

export interface BatchSummary {
  id: string;
  kind: NoticeKind;
  title: string;
  status: NoticeBatchStatus;
  periodDays: number | null;
  startsOn: string | null;
  endsOn: string | null;
  entryCount: number;
  publishedAt: Date;
  closedAt: Date | null;
  pendingStatements: number;
}

/** The latest 100 batches (of one kind, or both), each with its statements still unanswered. */
export async function listRecentBatches(db: Kysely<DB>, kind?: NoticeKind): Promise<BatchSummary[]> {
  let q = db
    .selectFrom('noticeBatches')
    .select(['id', 'kind', 'title', 'status', 'periodDays', 'startsOn', 'endsOn', 'entryCount', 'publishedAt', 'closedAt'])
    .select((eb) =>
      eb
        .selectFrom('statements')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('statements.batchId', '=', 'noticeBatches.id')
        .where('statements.status', '=', 'pending')
        .as('pendingStatements'),
    )
    .orderBy('publishedAt', 'desc')
    .limit(100);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.execute()).map((b) => ({ ...b, pendingStatements: Number(b.pendingStatements ?? 0) }));
}

/** Every column but the search pairs (they are the index's, not the API's). */
const BATCH_COLUMNS = ['id', 'kind', 'year', 'seq', 'title', 'body', 'status', 'periodDays', 'startsOn', 'endsOn', 'entryCount', 'publishedAt', 'publishedBy', 'closedAt'] as const satisfies readonly (keyof NoticeBatch)[];

export function findBatch(db: Kysely<DB>, id: string): Promise<NoticeBatch | undefined> {
  return db.selectFrom('noticeBatches').select(BATCH_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export interface BatchEntryRow extends EntryFacts {
  position: number;
  applicationId: string;
  number: string | null;
  node: string | null;
}

/** A batch's lines in their published order, with each case's number and current node. */
export function listBatchEntries(db: Kysely<DB>, batchId: string): Promise<BatchEntryRow[]> {
  return db
    .selectFrom('noticeEntries')
    .innerJoin('applications', 'applications.id', 'noticeEntries.applicationId')
    .select(['noticeEntries.position', 'noticeEntries.subjectName', 'noticeEntries.uscc', 'noticeEntries.item', 'noticeEntries.applicationType', 'noticeEntries.qualification', 'noticeEntries.opinion', 'noticeEntries.reason', 'applications.id as applicationId', 'applications.number', 'applications.node'])
    .where('noticeEntries.batchId', '=', batchId)
    .orderBy('noticeEntries.position')
    .execute();
}

export interface CaseEntryRow {
  batchId: string;
  kind: NoticeKind;
  title: string;
  status: NoticeBatchStatus;
  startsOn: string | null;
  endsOn: string | null;
  periodDays: number | null;
  publishedAt: Date;
  subjectName: string;
  qualification: string | null;
  applicationType: string | null;
  opinion: string;
  reason: string | null;
}

/** Every 公示 and 公告 line of one case, newest batch first. */
export function listEntriesOfCase(db: Kysely<DB>, applicationId: string): Promise<CaseEntryRow[]> {
  return db
    .selectFrom('noticeEntries')
    .innerJoin('noticeBatches', 'noticeBatches.id', 'noticeEntries.batchId')
    .select([
      'noticeBatches.id as batchId',
      'noticeBatches.kind',
      'noticeBatches.title',
      'noticeBatches.status',
      'noticeBatches.startsOn',
      'noticeBatches.endsOn',
      'noticeBatches.periodDays',
      'noticeBatches.publishedAt',
      'noticeEntries.subjectName',
      'noticeEntries.qualification',
      'noticeEntries.applicationType',
      'noticeEntries.opinion',
      'noticeEntries.reason',
    ])
    .where('noticeEntries.applicationId', '=', applicationId)
    .orderBy('noticeBatches.publishedAt', 'desc')
    .execute();
}

export function findEntry(db: Kysely<DB>, batchId: string, applicationId: string): Promise<Pick<EntryFacts, 'opinion' | 'reason' | 'subjectName' | 'qualification'> | undefined> {
  return db.selectFrom('noticeEntries').select(['opinion', 'reason', 'subjectName', 'qualification']).where('batchId', '=', batchId).where('applicationId', '=', applicationId).executeTakeFirst();
}

export function getBatchPeriod(db: Kysely<DB>, batchId: string): Promise<{ status: NoticeBatchStatus; endsOn: string | null }> {
  return db.selectFrom('noticeBatches').select(['status', 'endsOn']).where('id', '=', batchId).executeTakeFirstOrThrow();
}

/**
 * The next published 公示 whose last day is before `day`, locked; one another instance holds is
 * skipped (FOR UPDATE SKIP LOCKED), so no two instances close the same batch. `only`: the 公示
 * of these cases alone (browser tests running side by side close their own).
 */
export function claimEndedNotice(db: Kysely<DB>, day: string, only?: { applicationNumbers: readonly string[] }): Promise<{ id: string; title: string } | undefined> {
  let query = db
    .selectFrom('noticeBatches')
    .select(['id', 'title'])
    .where('kind', '=', 'notice')
    .where('status', '=', 'published')
    .where('endsOn', '<', day);
  if (only) {
    const numbers = only.applicationNumbers.length ? only.applicationNumbers : [''];
    query = query.where('id', 'in', db.selectFrom('noticeEntries').innerJoin('applications', 'applications.id', 'noticeEntries.applicationId').select('noticeEntries.batchId').where('applications.number', 'in', numbers));
  }
  return query
    .orderBy('endsOn')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markBatchClosed(db: Kysely<DB>, batchId: string, now: Date): Promise<void> {
  await db.updateTable('noticeBatches').set({ status: 'closed', closedAt: now }).where('id', '=', batchId).execute();
}

// ------------------------------------------------------------------ 陈述

export async function countPendingStatements(db: Kysely<DB>, applicationId: string): Promise<number> {
  const row = await db
    .selectFrom('statements')
    .select(sql<string>`count(*)`.as('n'))
    .where('applicationId', '=', applicationId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface StatementFileRow {
  id: string;
  statementId: string;
  position: number;
  originalName: string;
  size: string;
  pages: number;
  sha256: string;
}

/** The files of these statements, in their upload order. */
export async function listStatementAttachments(db: Kysely<DB>, statementIds: readonly string[]): Promise<StatementFileRow[]> {
  if (statementIds.length === 0) return [];
  return db
    .selectFrom('statementAttachments')
    .select(['id', 'statementId', 'position', 'originalName', 'size', 'pages', 'sha256'])
    .where('statementId', 'in', statementIds)
    .orderBy('position')
    .execute();
}

export interface OwnStatementRow {
  id: string;
  batchId: string;
  text: string;
  submittedAt: Date;
  status: StatementStatus;
  reply: string | null;
  outcome: StatementOutcome | null;
  repliedAt: Date | null;
}

export function listStatementsOfCase(db: Kysely<DB>, applicationId: string): Promise<OwnStatementRow[]> {
  return db
    .selectFrom('statements')
    .select(['id', 'batchId', 'text', 'submittedAt', 'status', 'reply', 'outcome', 'repliedAt'])
    .where('applicationId', '=', applicationId)
    .orderBy('submittedAt')
    .execute();
}

export async function insertStatement(
  db: Kysely<DB>,
  row: { id: string; applicationId: string; batchId: string; accountId: string; text: string; submittedAt: Date },
): Promise<void> {
  await db
    .insertInto('statements')
    .values({ ...row, status: 'pending' })
    .execute();
}

export async function insertStatementAttachments(
  db: Kysely<DB>,
  rows: readonly { id: string; statementId: string; position: number; originalName: string; size: number; sha256: string; pages: number; blobKey: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('statementAttachments').values([...rows]).execute();
}

export interface StatementQueueRow {
  id: string;
  submittedAt: Date;
  status: StatementStatus;
  outcome: StatementOutcome | null;
  applicationId: string;
  number: string | null;
  item: string;
  batchTitle: string;
  endsOn: string | null;
  applicantName: string;
}

/** Staff: statements (only those waiting for a reply, or all), oldest first. */
export function listStatements(db: Kysely<DB>, opts: { pendingOnly: boolean }): Promise<StatementQueueRow[]> {
  let q = db
    .selectFrom('statements')
    .innerJoin('applications', 'applications.id', 'statements.applicationId')
    .innerJoin('noticeBatches', 'noticeBatches.id', 'statements.batchId')
    .select(['statements.id', 'statements.submittedAt', 'statements.status', 'statements.outcome', 'applications.id as applicationId', 'applications.number', 'applications.item', 'noticeBatches.title as batchTitle', 'noticeBatches.endsOn'])
    .select(sql<string>`coalesce(applications.data->'applicant'->>'orgName', applications.data->'applicant'->>'applicantName')`.as('applicantName'))
    .orderBy('statements.submittedAt')
    .limit(200);
  if (opts.pendingOnly) q = q.where('statements.status', '=', 'pending');
  return q.execute();
}

export interface StatementDetailRow extends OwnStatementRow {
  applicationId: string;
  number: string | null;
  item: string;
  node: string | null;
  version: number;
  batchTitle: string;
  endsOn: string | null;
}

/** One statement with its case and batch, for the staff page. */
export function findStatementDetail(db: Kysely<DB>, id: string): Promise<StatementDetailRow | undefined> {
  return db
    .selectFrom('statements')
    .innerJoin('applications', 'applications.id', 'statements.applicationId')
    .innerJoin('noticeBatches', 'noticeBatches.id', 'statements.batchId')
    .select(['statements.id', 'statements.text', 'statements.submittedAt', 'statements.status', 'statements.reply', 'statements.outcome', 'statements.repliedAt', 'applications.id as applicationId', 'applications.number', 'applications.item', 'applications.node', 'applications.version', 'noticeBatches.id as batchId', 'noticeBatches.title as batchTitle', 'noticeBatches.endsOn'])
    .where('statements.id', '=', id)
    .executeTakeFirst();
}

export function lockStatement(db: Kysely<DB>, id: string): Promise<Selectable<StatementsTable> | undefined> {
  return db.selectFrom('statements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markStatementReplied(db: Kysely<DB>, id: string, reply: { reply: string; outcome: StatementOutcome; repliedBy: string; repliedAt: Date }): Promise<void> {
  await db
    .updateTable('statements')
    .set({ status: 'replied', ...reply })
    .where('id', '=', id)
    .execute();
}

/** One file of one statement, with the statement's author (the caller decides who may see it). */
export function findStatementFile(
  db: Kysely<DB>,
  statementId: string,
  fileId: string,
): Promise<{ originalName: string; size: string; blobKey: string; accountId: string } | undefined> {
  return db
    .selectFrom('statementAttachments')
    .innerJoin('statements', 'statements.id', 'statementAttachments.statementId')
    .select(['statementAttachments.originalName', 'statementAttachments.size', 'statementAttachments.blobKey', 'statements.accountId'])
    .where('statementAttachments.id', '=', fileId)
    .where('statementAttachments.statementId', '=', statementId)
    .executeTakeFirst();
}

/** A case's 陈述 with who filed and who answered them, by name, for the staff's 办理记录. */
export function listStatementsWithNames(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('statements as s')
    .leftJoin('accounts as filer', 'filer.id', 's.accountId')
    .leftJoin('accounts as replier', 'replier.id', 's.repliedBy')
    .select(['s.id', 's.text', 's.submittedAt', 's.reply', 's.outcome', 's.repliedAt', 'filer.displayName as filedBy', 'replier.displayName as repliedByName'])
    .where('s.applicationId', '=', applicationId)
    .orderBy('s.submittedAt')
    .execute();
}
