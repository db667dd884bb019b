import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { USCC_CHARSET, listInvalidChars, normalizeCode, validateUscc } from '../../domain/identifiers/index.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { answeredFromCache, createPageCache, firstParam, sendHtml, weakEtag, type PublicQuery } from './public-cache.ts';
import {
  ENGINEERS_PATH,
  QUALIFICATIONS_PATH,
  engineerPage,
  enterprisePage,
  type EngineerForm,
  type EnterpriseForm,
  type FormErrors,
  type Pager,
} from './qualifications.presenter.ts';
import {
  countEnterprises,
  findEngineerRegistration,
  listEnterpriseCertificates,
  listEnterprises,
  registerFingerprint,
  type EnterpriseFilter,
  type EnterpriseKey,
} from './qualifications.repository.ts';

export interface QualificationsRoutesOptions {
  db: Kysely<DB>;
  clock: Clock;
}

const PER_PAGE = 20;
const Q_MAX = 100;
const MAX_TERMS = 5;
const USCC_PREFIX_MIN = 8;
/** Bump when the markup changes, so cached pages are not revalidated as unchanged. */
const RENDER_VERSION = '1';
/** Rendered pages kept per process, in UTF-16 code units (≈ 2 bytes each): about 16 MB. */
const PAGE_CACHE_UNITS = 8 * 1024 * 1024;
const CERTIFICATE_NUMBER = /^[0-9A-Z]{4,32}$/;

const length = (s: string) => [...s].length;
const tooLong = (label: string) => ({ message: `${label}不能超过 ${Q_MAX} 个字`, short: `最多 ${Q_MAX} 个字` });

interface EnterpriseCursor {
  key: EnterpriseKey;
  page: number;
}

// Cursors are opaque to the reader: base64url JSON, checked field by field when read back.
function encodeCursor(c: EnterpriseCursor): string {
  return Buffer.from(JSON.stringify({ n: c.key.name, i: c.key.id, p: c.page })).toString('base64url');
}

function decodeCursor(text: string): EnterpriseCursor | undefined {
  if (text.length > 1200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const c: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!c || typeof c !== 'object') return undefined;
    const { n, i, p } = c as Record<string, unknown>;
    if (typeof n !== 'string' || n.length > 300 || typeof i !== 'string' || !/^[0-9A-Za-z]{1,40}$/.test(i)) return undefined;
    if (!Number.isInteger(p) || (p as number) < 2 || (p as number) > 1_000_000) return undefined;
    return { key: { name: n, id: i }, page: p as number };
  } catch {
    return undefined;
  }
}

/**
 * The enterprise query: a 统一社会信用代码 (ASCII letters and digits with a digit among them,
 * full-width and lower case accepted) matches by the whole code or a prefix of at least 8;
 * anything else is a name, each space-separated term contained in it.
 */
function parseEnterpriseQuery(query: PublicQuery): { form: EnterpriseForm; errors: FormErrors<'q'>; filter?: EnterpriseFilter; cursor?: EnterpriseCursor } {
  const form: EnterpriseForm = { q: firstParam(query, 'q') };
  const errors: FormErrors<'q'> = {};
  let filter: EnterpriseFilter | undefined;
  const code = normalizeCode(form.q);
  if (length(form.q) > Q_MAX) errors.q = tooLong('查询内容');
  else if (form.q && /^[0-9A-Z]+$/.test(code) && /\d/.test(code)) {
    const bad = listInvalidChars(code, USCC_CHARSET);
    if (bad) errors.q = { message: `统一社会信用代码“${form.q}”含有无效字符：${bad}（代码中不使用 I、O、S、V、Z）`, short: '代码含有无效字符' };
    else if (code.length < USCC_PREFIX_MIN) {
      errors.q = { message: `按统一社会信用代码查询时，请输入完整的 18 位代码，或至少前 ${USCC_PREFIX_MIN} 位（已输入 ${code.length} 位）`, short: `至少输入前 ${USCC_PREFIX_MIN} 位` };
    } else if (code.length > 18) errors.q = { message: `统一社会信用代码应为 18 位，已输入 ${code.length} 位`, short: '代码应为 18 位' };
    else if (code.length === 18) {
      const checked = validateUscc(code);
      if (checked.ok) filter = { uscc: checked.value };
      else errors.q = { message: `统一社会信用代码“${form.q}”有误：${checked.message}`, short: '代码有误' };
    } else filter = { usccPrefix: code };
  } else if (form.q) {
    const terms = form.q.split(/[\s\u3000]+/).filter(Boolean);
    if (length(terms.join('')) < 2) errors.q = { message: '请至少输入企业名称中的两个字', short: '至少输入两个字' };
    else if (terms.length > MAX_TERMS) errors.q = { message: `查询词最多 ${MAX_TERMS} 个（以空格分隔）`, short: `最多 ${MAX_TERMS} 个词` };
    else filter = { terms };
  }
  const cursorText = firstParam(query, 'cursor');
  const cursor = cursorText ? decodeCursor(cursorText) : undefined;
  if (cursorText && !cursor) errors.cursor = { message: '翻页参数（cursor）无效，请回到第一页重新查询', short: '' };
  return { form, errors, ...(filter ? { filter } : {}), ...(cursor ? { cursor } : {}) };
}

/** The engineer query: both the exact name and the 注册证书号, or nothing is searched. */
function parseEngineerQuery(query: PublicQuery): { form: EngineerForm; errors: FormErrors<'name' | 'number'>; search?: { name: string; number: string } } {
  const form: EngineerForm = { name: firstParam(query, 'name'), number: firstParam(query, 'number') };
  const errors: FormErrors<'name' | 'number'> = {};
  if (!form.name && !form.number) return { form, errors };
  const number = normalizeCode(form.number);
  if (length(form.name) > Q_MAX) errors.name = tooLong('姓名');
  else if (!form.name) errors.name = { message: '请输入姓名：注册人员须按姓名和注册证书号一并查询', short: '请输入姓名' };
  if (length(form.number) > Q_MAX) errors.number = tooLong('注册证书号');
  else if (!form.number) errors.number = { message: '请输入注册证书号：注册人员须按姓名和注册证书号一并查询', short: '请输入注册证书号' };
  else if (!CERTIFICATE_NUMBER.test(number)) {
    errors.number = { message: `注册证书号“${form.number}”格式不正确：应由字母和数字组成，例如 S2261100003`, short: '格式不正确' };
  }
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, search: { name: form.name.replace(/\s+/g, ' '), number } };
}

/**
 * 资质查询: the register (登记簿) looked up by the public — enterprises by name or 统一社会信用代码,
 * engineers by name and 注册证书号 together. No login, no cookies, no script; cached like the 公示
 * columns: the ETag names the register's version row, the Shanghai day (a certificate expires at
 * midnight there) and the query, so a cached page is never stale.
 */
export async function qualificationsRoutes(app: FastifyInstance, opts: QualificationsRoutesOptions): Promise<void> {
  const { db, clock } = opts;
  const sendRendered = createPageCache(PAGE_CACHE_UNITS);

  app.get<{ Querystring: PublicQuery }>(QUALIFICATIONS_PATH, { config: { rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request, reply) => {
    const today = shanghaiDateOf(clock.now());
    const { form, errors, filter, cursor } = parseEnterpriseQuery(request.query);
    const pager: Pager = { page: cursor?.page ?? 1 };
    if (Object.keys(errors).length) return sendHtml(reply, 400, enterprisePage({ form, errors, searched: true, results: [], today, pager }));
    // The version first, then the rows (see registerFingerprint).
    const fingerprint = filter ? await registerFingerprint(db) : null;
    const etag = weakEtag(RENDER_VERSION, ['enterprise', fingerprint, today, form, filter ?? null, cursor ?? null]);
    if (answeredFromCache(request, reply, etag)) return reply;

    return sendRendered(reply, etag, async () => {
      if (!filter) return enterprisePage({ form, searched: false, results: [], today, pager });
      const rows = await listEnterprises(db, filter, { limit: PER_PAGE + 1, ...(cursor ? { after: cursor.key } : {}) });
      const page = rows.slice(0, PER_PAGE);
      const certificates = await listEnterpriseCertificates(db, page.map((e) => e.id));
      const results = page.map((e) => ({ ...e, certificates: certificates.get(e.id) ?? [] }));
      const total = page.length || cursor ? await countEnterprises(db, filter) : 0;
      const href = (c?: EnterpriseCursor) => `${QUALIFICATIONS_PATH}?${new URLSearchParams({ q: form.q, ...(c ? { cursor: encodeCursor(c) } : {}) }).toString()}`;
      const last = page[page.length - 1];
      if (cursor) pager.first = href();
      if (rows.length > PER_PAGE && last) pager.next = href({ key: { name: last.name, id: last.id }, page: pager.page + 1 });
      return enterprisePage({ form, searched: true, results, total, today, pager });
    });
  });

  // Stricter than the enterprise search: a name with guessed numbers must not enumerate people.
  app.get<{ Querystring: PublicQuery }>(ENGINEERS_PATH, { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request, reply) => {
    const today = shanghaiDateOf(clock.now());
    const { form, errors, search } = parseEngineerQuery(request.query);
    if (Object.keys(errors).length) return sendHtml(reply, 400, engineerPage({ form, errors, searched: true, today }));
    const fingerprint = search ? await registerFingerprint(db) : null;
    const etag = weakEtag(RENDER_VERSION, ['engineer', fingerprint, today, form, search ?? null]);
    if (answeredFromCache(request, reply, etag)) return reply;

    return sendRendered(reply, etag, async () => {
      if (!search) return engineerPage({ form, searched: false, today });
      const found = await findEngineerRegistration(db, search.name, search.number);
      return engineerPage({ form, searched: true, today, ...(found ? { found } : {}) });
    });
  });
}
