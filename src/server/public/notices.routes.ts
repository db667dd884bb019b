import type { FastifyInstance } from 'fastify';
import { shanghaiDateOf, shanghaiDayStart } from '../../domain/calendar/index.ts';
import { SEARCH_MIN_CHARS } from '../../domain/search.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import {
  NOTICE_COLUMNS,
  atomFeed,
  batchPage,
  listPage,
  noticeState,
  notFoundPage,
  type FormErrors,
  type ListForm,
  type NoticeColumn,
  type Pager,
} from './notices.presenter.ts';
import { answeredFromCache, createPageCache, firstParam, sendHtml, weakEtag, type PublicQuery } from './public-cache.ts';
import { columnFingerprint, countBatches, findBatch, listBatches, listEntries, type BatchFilter, type BatchKey } from './notices.repository.ts';

export interface NoticesRoutesOptions {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
}

const BATCHES_PER_PAGE = 20;
const ENTRIES_PER_PAGE = 200;
const FEED_SIZE = 20;
const Q_MAX = 100;
/** Bump when the markup changes, so cached pages are not revalidated as unchanged. */
const RENDER_VERSION = '1';
/** Rendered pages kept per process, in UTF-16 code units (≈ 2 bytes each): about 32 MB. */
const PAGE_CACHE_UNITS = 16 * 1024 * 1024;

/** 统一社会信用代码 shape (GB 32100 alphabet): such a query matches entries by exact code (indexed) instead of by name. */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const KEY_AT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

function validDate(text: string): boolean {
  if (!DATE_SHAPE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Midnight of a Shanghai calendar day, as an instant. */

// Cursors are opaque to the reader: base64url JSON, checked field by field when read back.
function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  if (text.length > 300 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const pageNumber = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 1_000_000;

/** Where a page starts: strictly after or before a key; `page` is its number, for display only. */
interface Cursor<K> {
  dir: 'after' | 'before';
  key: K;
  page: number;
}
type ListCursor = Cursor<BatchKey>;
type EntryCursor = Cursor<number>;

/**
 * One keyset page of `size` rows: forwards after the cursor's key, or backwards before it (the
 * fetch returns those nearest first; they are reversed here). Reading back to the very start
 * shows the first page, full.
 */
async function keysetPage<T, K>(
  size: number,
  cursor: Cursor<K> | undefined,
  fetch: (page: { limit: number; after?: K; before?: K }) => Promise<T[]>,
): Promise<{ rows: T[]; page: number; hasPrev: boolean; hasNext: boolean }> {
  if (cursor?.dir === 'before') {
    const back = await fetch({ limit: size + 1, before: cursor.key });
    if (back.length > size) return { rows: back.slice(0, size).reverse(), page: Math.max(cursor.page, 2), hasPrev: true, hasNext: true };
  }
  const after = cursor?.dir === 'after' ? cursor : undefined;
  const rows = await fetch({ limit: size + 1, ...(after ? { after: after.key } : {}) });
  return { rows: rows.slice(0, size), page: after ? Math.max(after.page, 2) : 1, hasPrev: Boolean(after), hasNext: rows.length > size };
}

function readListCursor(text: string): ListCursor | undefined {
  const c = decodeCursor(text);
  if (!c || (c.d !== 'a' && c.d !== 'b') || typeof c.t !== 'string' || !KEY_AT_SHAPE.test(c.t) || typeof c.i !== 'string' || !isUuid(c.i) || !pageNumber(c.n)) {
    return undefined;
  }
  return { dir: c.d === 'a' ? 'after' : 'before', key: { at: c.t, id: c.i }, page: c.n };
}

function readEntryCursor(text: string): EntryCursor | undefined {
  const c = decodeCursor(text);
  if (!c || (c.d !== 'a' && c.d !== 'b') || !Number.isSafeInteger(c.p) || !pageNumber(c.n)) return undefined;
  return { dir: c.d === 'a' ? 'after' : 'before', key: c.p as number, page: c.n };
}

function listHref(column: NoticeColumn, form: ListForm, cursor?: Record<string, unknown>): string {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  if (form.from) params.set('from', form.from);
  if (form.to) params.set('to', form.to);
  if (cursor) params.set('cursor', encodeCursor(cursor));
  const qs = params.toString();
  return qs ? `${column.path}?${qs}` : column.path;
}

function parseListQuery(query: PublicQuery): { form: ListForm; errors: FormErrors; filter: Omit<BatchFilter, 'kind'>; cursor?: ListCursor } {
  const form: ListForm = { q: firstParam(query, 'q'), from: firstParam(query, 'from'), to: firstParam(query, 'to') };
  const errors: FormErrors = {};
  const filter: Omit<BatchFilter, 'kind'> = {};
  if ([...form.q].length > Q_MAX) errors.q = { message: `查询内容不能超过 ${Q_MAX} 个字`, short: `最多 ${Q_MAX} 个字` };
  else if (form.q && [...form.q.trim()].length < SEARCH_MIN_CHARS) {
    errors.q = { message: `请输入至少 ${SEARCH_MIN_CHARS} 个字的单位名称、姓名、统一社会信用代码或标题`, short: `至少 ${SEARCH_MIN_CHARS} 个字` };
  }
  else if (form.q) {
    filter.q = form.q;
    const code = form.q.toUpperCase();
    if (USCC_SHAPE.test(code)) filter.uscc = code;
  }
  if (form.from && !validDate(form.from)) {
    errors.from = { message: `发布日期“自”（from）“${form.from}”不是有效日期，请按 YYYY-MM-DD 填写，例如 2026-11-01`, short: '日期无效' };
  }
  if (form.to && !validDate(form.to)) {
    errors.to = { message: `发布日期“至”（to）“${form.to}”不是有效日期，请按 YYYY-MM-DD 填写，例如 2026-11-30`, short: '日期无效' };
  }
  if (form.from && form.to && !errors.from && !errors.to && form.from > form.to) {
    errors.to = { message: '发布日期“至”（to）不能早于“自”（from）', short: '不能早于起始日期' };
  }
  if (form.from && !errors.from) filter.since = shanghaiDayStart(form.from);
  if (form.to && !errors.to) filter.until = shanghaiDayStart(form.to, 1);
  const cursorText = firstParam(query, 'cursor');
  const cursor = cursorText ? readListCursor(cursorText) : undefined;
  if (cursorText && !cursor) errors.cursor = { message: '翻页参数（cursor）无效，请回到第一页重新浏览', short: '' };
  return { form, errors, filter, ...(cursor ? { cursor } : {}) };
}

/** 资质资格公示 and 资质资格公告: public, no login, no cookies, server-rendered without script. */
export async function noticesRoutes(app: FastifyInstance, opts: NoticesRoutesOptions): Promise<void> {
  const { db, clock } = opts;
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  // Rendered 200 pages by ETag. The ETag names everything a page is made of (the column's
  // fingerprint, the day, the query, the cursor), so a hit is as current as a fresh render: the
  // fingerprint is still read on every request, only the search and the rendering are saved.
  const sendRendered = createPageCache(PAGE_CACHE_UNITS);

  for (const column of NOTICE_COLUMNS) {
    const { kind } = column;

    app.get<{ Querystring: PublicQuery }>(column.path, { config: { rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request, reply) => {
      const today = shanghaiDateOf(clock.now());
      const { form, errors, filter: f, cursor } = parseListQuery(request.query);
      const filter: BatchFilter = { kind, ...f };
      if (Object.keys(errors).length) {
        return sendHtml(reply, 400, listPage({ column, form, errors, batches: [], today, searched: true, pager: { page: 1 } }));
      }
      const etag = weakEtag(RENDER_VERSION, [kind, await columnFingerprint(db, kind), kind === 'notice' ? today : '', form, cursor ?? null]);
      if (answeredFromCache(request, reply, etag)) return reply;

      return sendRendered(reply, etag, async () => {
        const { rows, page, hasPrev, hasNext } = await keysetPage(BATCHES_PER_PAGE, cursor, (p) => listBatches(db, filter, p));
        const first = rows[0];
        const last = rows[rows.length - 1];
        const searched = Boolean(filter.q || filter.since || filter.until);
        // Counting is an index range scan on (kind, published_at) unless a text search joins entries.
        const total = filter.q ? undefined : await countBatches(db, filter);
        const pager: Pager = { page, ...(total !== undefined ? { pages: Math.max(page, Math.ceil(total / BATCHES_PER_PAGE)) } : {}) };
        if (hasPrev) {
          pager.first = listHref(column, form);
          pager.prev = page <= 2 || !first ? pager.first : listHref(column, form, { d: 'b', t: first.key, i: first.id, n: page - 1 });
        }
        if (hasNext && last) pager.next = listHref(column, form, { d: 'a', t: last.key, i: last.id, n: page + 1 });
        return listPage({ column, form, batches: rows, today, searched, pager, ...(total !== undefined ? { total } : {}) });
      });
    });

    app.get(`${column.path}/feed.xml`, async (request, reply) => {
      const etag = weakEtag(RENDER_VERSION, ['feed', kind, await columnFingerprint(db, kind), publicUrl]);
      if (answeredFromCache(request, reply, etag)) return reply;
      const batches = await listBatches(db, { kind }, { limit: FEED_SIZE });
      return reply.type('application/atom+xml; charset=utf-8').send(atomFeed({ column, batches, publicUrl, now: clock.now() }));
    });

    app.get<{ Params: { id: string }; Querystring: PublicQuery }>(`${column.path}/:id`, async (request, reply) => {
      const { id } = request.params;
      const batch = isUuid(id) ? await findBatch(db, kind, id.toLowerCase()) : undefined;
      if (!batch) return sendHtml(reply, 404, notFoundPage(column));
      // A damaged page link still names the batch: show its first page rather than an error.
      const cursorText = firstParam(request.query, 'cursor');
      const cursor = cursorText ? readEntryCursor(cursorText) : undefined;
      const today = shanghaiDateOf(clock.now());
      const etag = weakEtag(RENDER_VERSION, [
        'batch',
        batch.id,
        batch.status,
        batch.closedAt?.toISOString() ?? null,
        batch.entryCount,
        batch.title,
        batch.body,
        batch.startsOn,
        batch.endsOn,
        batch.periodDays,
        batch.key,
        noticeState(batch, today),
        cursor ?? null,
      ]);
      if (answeredFromCache(request, reply, etag)) return reply;

      return sendRendered(reply, etag, async () => {
        const pageCount = Math.max(1, Math.ceil(batch.entryCount / ENTRIES_PER_PAGE));
        const { rows: entries, page: at, hasPrev, hasNext } = await keysetPage(ENTRIES_PER_PAGE, cursor, (p) => listEntries(db, batch.id, p));
        const page = Math.min(at, Math.max(pageCount, at === 1 ? 1 : 2));
        const base = `${column.path}/${batch.id}`;
        const href = (c: Record<string, unknown>) => `${base}?cursor=${encodeCursor(c)}`;
        const first = entries[0];
        const last = entries[entries.length - 1];
        const pager: Pager = { page, pages: pageCount };
        if (hasPrev) {
          pager.first = base;
          pager.prev = page <= 2 || !first ? base : href({ d: 'b', p: first.position, n: page - 1 });
        }
        if (hasNext && last) pager.next = href({ d: 'a', p: last.position, n: page + 1 });
        return batchPage({ column, batch, entries, today, pager });
      });
    });
  }
}
