import { sql, type Kysely } from 'kysely';
import type { DB, NoticeBatchStatus, NoticeKind } from '../db/schema.ts';
import { escapeLike } from '../db/sql-helpers.ts';
import { bigramsOf } from '../../domain/search.ts';

/** Statuses the public may see (a future draft or withdrawn batch stays hidden). */
const PUBLIC_STATUSES: readonly NoticeBatchStatus[] = ['published', 'closed'];

/**
 * Keyset position of a batch: published_at as exact UTC text (microseconds, so two batches
 * published in the same millisecond still order) and the id.
 */
export interface BatchKey {
  at: string;
  id: string;
}

/** The public columns of a batch — never published_by. */
export interface PublicBatch {
  id: string;
  kind: NoticeKind;
  year: number;
  seq: number;
  title: string;
  body: string;
  status: NoticeBatchStatus;
  periodDays: number | null;
  startsOn: string | null;
  endsOn: string | null;
  entryCount: number;
  publishedAt: Date;
  closedAt: Date | null;
  /** Keyset position (see BatchKey.at). */
  key: string;
}

/** The public columns of an entry — never application_id. */
export interface PublicEntry {
  position: number;
  subjectName: string;
  uscc: string | null;
  item: string;
  applicationType: string | null;
  qualification: string | null;
  opinion: string;
  reason: string | null;
}

export interface BatchFilter {
  kind: NoticeKind;
  /**
   * Contained in the title or, unless `uscc` is set, in an entry's subject name
   * (case-insensitive, literal).
   */
  q?: string;
  /**
   * The query is a 统一社会信用代码 (uppercase): entries match it exactly, through the uscc
   * index, instead of by a name scan no code could match anyway.
   */
  uscc?: string;
  /** published_at >= since and < until. */
  since?: Date;
  until?: Date;
}

const KEY_TEXT = sql<string>`to_char(b.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

function filtered(db: Kysely<DB>, f: BatchFilter) {
  let query = db.selectFrom('noticeBatches as b').where('b.kind', '=', f.kind).where('b.status', 'in', PUBLIC_STATUSES);
  if (f.since) query = query.where('b.publishedAt', '>=', f.since);
  if (f.until) query = query.where('b.publishedAt', '<', f.until);
  const { q, uscc } = f;
  if (q !== undefined) {
    // The fragment's character pairs are looked up in GIN indexes (migration 2026-12-07T07); a
    // two-character fragment is one pair, whose presence is the match itself; a longer one is then
    // checked for contiguity by ILIKE on the rows found. A single character (the route refuses it)
    // has no pair: ILIKE alone.
    const pairs = bigramsOf(q);
    const pattern = `%${escapeLike(q)}%`;
    const onePair = Array.from(q).length === 2;
    const wanted = sql<string[]>`${pairs}::text[]`;
    query = query.where((eb) => {
      const title = eb('b.title', 'ilike', pattern);
      const byTitle = pairs.length === 0 ? title : onePair ? eb('b.titleBigrams', '@>', wanted) : eb.and([eb('b.titleBigrams', '@>', wanted), title]);
      let entries = eb.selectFrom('noticeEntries as e').select('e.batchId');
      if (uscc !== undefined) entries = entries.where('e.uscc', '=', uscc);
      else if (pairs.length === 0) entries = entries.where('e.subjectName', 'ilike', pattern);
      else {
        entries = entries.where('e.searchBigrams', '@>', wanted);
        if (!onePair) entries = entries.where((e) => e.or([e('e.subjectName', 'ilike', pattern), e('e.uscc', 'ilike', pattern)]));
      }
      return eb.or([byTitle, eb('b.id', 'in', entries)]);
    });
  }
  return query;
}

/**
 * One page of batches, newest first (published_at desc, id desc), strictly after `after` or,
 * reading backwards, strictly before `before` (then returned oldest first: the caller reverses).
 * Asks for `limit` rows; callers pass page size + 1 to learn whether more follow.
 */
/** What a public batch page or list row shows, plus its keyset key. */
const BATCH_COLUMNS = [
  'b.id',
  'b.kind',
  'b.year',
  'b.seq',
  'b.title',
  'b.body',
  'b.status',
  'b.periodDays',
  'b.startsOn',
  'b.endsOn',
  'b.entryCount',
  'b.publishedAt',
  'b.closedAt',
  KEY_TEXT.as('key'),
] as const;

export async function listBatches(
  db: Kysely<DB>,
  filter: BatchFilter,
  page: { limit: number; after?: BatchKey; before?: BatchKey },
): Promise<PublicBatch[]> {
  let query = filtered(db, filter).select(BATCH_COLUMNS);
  const row = sql`(b.published_at, b.id)`;
  const at = (k: BatchKey) => sql`(${k.at}::timestamp at time zone 'UTC', ${k.id}::uuid)`;
  if (page.after) query = query.where(sql<boolean>`${row} < ${at(page.after)}`);
  if (page.before) query = query.where(sql<boolean>`${row} > ${at(page.before)}`);
  const dir = page.before ? 'asc' : 'desc';
  return query.orderBy('b.publishedAt', dir).orderBy('b.id', dir).limit(page.limit).execute();
}

/** How many batches match; only cheap without a text search (index on kind, published_at). */
export async function countBatches(db: Kysely<DB>, filter: BatchFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * What a column's pages depend on, for the ETag and the rendered-page cache: its version row,
 * which triggers bump with every change to a batch or an entry (migration
 * 2026-11-28T04-00-00_add-notice-column-versions). The time keeps tags unique across a database
 * restored from an older backup, where the counter could repeat.
 */
export async function columnFingerprint(db: Kysely<DB>, kind: NoticeKind): Promise<string> {
  const row = await db
    .selectFrom('noticeColumnVersions')
    .where('kind', '=', kind)
    .select(['version', sql<string>`changed_at::text`.as('changed')])
    .executeTakeFirstOrThrow();
  return `${row.version}@${row.changed}`;
}

export function findBatch(db: Kysely<DB>, kind: NoticeKind, id: string): Promise<PublicBatch | undefined> {
  return db
    .selectFrom('noticeBatches as b')
    .where('b.id', '=', id)
    .where('b.kind', '=', kind)
    .where('b.status', 'in', PUBLIC_STATUSES)
    .select(BATCH_COLUMNS)
    .executeTakeFirst();
}

/**
 * Entries of a batch in position order, keyset on position: after `after` ascending or, reading
 * backwards, before `before` descending (the caller reverses). Asks for `limit` rows.
 */
export function listEntries(db: Kysely<DB>, batchId: string, page: { limit: number; after?: number; before?: number }): Promise<PublicEntry[]> {
  let query = db
    .selectFrom('noticeEntries')
    .where('batchId', '=', batchId)
    .select(['position', 'subjectName', 'uscc', 'item', 'applicationType', 'qualification', 'opinion', 'reason']);
  if (page.after !== undefined) query = query.where('position', '>', page.after);
  if (page.before !== undefined) query = query.where('position', '<', page.before);
  const dir = page.before !== undefined ? 'desc' : 'asc';
  return query.orderBy('position', dir).limit(page.limit).execute();
}
