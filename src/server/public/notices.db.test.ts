import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import type { NoticeKind } from '../db/schema.ts';

let t: TestApp;
const accountId = randomUUID();
const staffId = randomUUID();
const applicationIds = [randomUUID(), randomUUID(), randomUUID()];
/** A 身份证号码 kept in the application's data: it must never reach a public page. */
const ID_NUMBER = '110105198503071230';
const XSS = '<script>alert(1)</script>';

before(async () => {
  t = await buildTestApp();
  const { db } = t.database;
  await db
    .insertInto('accounts')
    .values([
      { id: accountId, issuer: 'test', subject: 'applicant-1', kind: 'natural', displayName: '张结构', profile: '{}', roles: '[]' },
      { id: staffId, issuer: 'test', subject: 'staff-1', kind: 'staff', displayName: '公示员', profile: '{}', roles: '["publisher"]' },
    ])
    .execute();
  await db
    .insertInto('applications')
    .values(
      applicationIds.map((id, i) => ({
        id,
        accountId,
        item: 'struct-eng-2',
        data: JSON.stringify({ applicant: { applicantName: '张结构', idNumber: ID_NUMBER } }),
        savedSteps: '[]',
        status: 'closed' as const,
        isOpen: false,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        updatedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    )
    .execute();
});
after(() => t.close());

interface EntryInput {
  subjectName: string;
  uscc?: string | null;
  item?: string;
  applicationType?: string | null;
  qualification?: string | null;
  opinion?: string;
  reason?: string | null;
  position?: number;
}

let seqCounter = 1000;
async function insertBatch(b: {
  kind: NoticeKind;
  title: string;
  publishedAt: string | Date;
  body?: string;
  status?: 'published' | 'closed';
  startsOn?: string;
  endsOn?: string;
  closedAt?: Date;
  entries?: EntryInput[];
}): Promise<string> {
  const { db } = t.database;
  const id = randomUUID();
  const entries = b.entries ?? [];
  await db
    .insertInto('noticeBatches')
    .values({
      id,
      kind: b.kind,
      year: 2026,
      seq: seqCounter++,
      title: b.title,
      body: b.body ?? '根据有关规定，现将审查意见予以公示。',
      status: b.status ?? 'published',
      periodDays: b.kind === 'notice' ? 5 : null,
      startsOn: b.kind === 'notice' ? (b.startsOn ?? '2026-11-20') : null,
      endsOn: b.kind === 'notice' ? (b.endsOn ?? '2026-11-26') : null,
      entryCount: entries.length,
      publishedAt: b.publishedAt,
      publishedBy: staffId,
      closedAt: b.closedAt ?? null,
    })
    .execute();
  if (entries.length) {
    await db
      .insertInto('noticeEntries')
      .values(
        entries.map((e, i) => ({
          batchId: id,
          applicationId: applicationIds[i % applicationIds.length]!,
          position: e.position ?? i + 1,
          subjectName: e.subjectName,
          uscc: e.uscc ?? null,
          item: e.item ?? 'survey-b',
          applicationType: e.applicationType ?? '首次申请',
          qualification: e.qualification ?? '工程勘察专业类岩土工程（勘察）乙级',
          opinion: e.opinion ?? (b.kind === 'notice' ? '同意' : '准予许可'),
          reason: e.reason ?? null,
        })),
      )
      .execute();
  }
  return id;
}

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
/** Batch ids linked from a list page, in page order. */
const linkedIds = (page: string, path: string) => [...page.matchAll(new RegExp(`href="${path}/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]!);
const unescapeAttr = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
const relLink = (page: string, rel: 'next' | 'prev') => {
  const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(page);
  return m ? unescapeAttr(m[1]!) : undefined;
};
const currentPage = (page: string) => /<nav class="pager"[^>]*>[^]*?<span aria-current="page">([^<]+)<\/span>/.exec(page)?.[1];
/** Cells (inner HTML) of each entry row of a batch page. */
const entryRows = (page: string): string[][] => {
  const tbody = /<table class="list entries[^]*?<tbody>([^]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>([^]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((c) => c[1]!));
};
const positionsOf = (page: string) => entryRows(page).map((cells) => Number(cells[0]));
/** The table row of one batch on a list page. */
const rowOf = (page: string, id: string) => page.split('<tr>').find((r) => r.includes(id)) ?? '';

/** Minimal XML well-formedness: balanced tags, quoted attributes, no raw & or < in text. */
function assertWellFormedXml(xml: string): void {
  const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tokens = body.match(/<[^<>]*>|[^<]+/g) ?? [];
  assert.equal(tokens.join(''), body, 'a < that opens no tag');
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      assert.ok(!token.replace(ENTITY, '').includes('&'), `raw & in text: ${token}`);
      continue;
    }
    const m = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    assert.ok(m, `malformed tag: ${token}`);
    assert.ok(!m[3]!.replace(ENTITY, '').includes('&'), `raw & in attribute: ${token}`);
    if (m[1]) assert.equal(stack.pop(), m[2], `unbalanced </${m[2]}>`);
    else if (!m[4]) stack.push(m[2]!);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
}

describe('公示 and 公告 pages', () => {
  let openNotice: string;
  let closedNotice: string;
  let announcement: string;
  let xssBatch: string;

  before(async () => {
    openNotice = await insertBatch({
      kind: 'notice',
      title: '关于2026年第3批建设工程企业资质审查意见的公示',
      body: '根据《建设工程勘察设计资质管理规定》，现将审查意见予以公示。\n\n公示期间，对公示内容有异议的，请提交陈述材料。',
      publishedAt: '2026-11-26T01:00:00Z',
      startsOn: '2026-11-26',
      endsOn: '2026-12-02',
      entries: [
        { subjectName: '北京示范勘察设计有限公司', uscc: '91110108MA01D3M074', position: 2 },
        { subjectName: '张结构', uscc: null, item: 'struct-eng-2', applicationType: '初始注册', qualification: '二级注册结构工程师', opinion: '不同意', reason: '业绩不满足要求', position: 1 },
        { subjectName: 'Acme Engineering 北京分公司', uscc: '91110000600037341L', position: 3 },
      ],
    });
    closedNotice = await insertBatch({
      kind: 'notice',
      title: '关于2026年第2批建设工程企业资质审查意见的公示',
      publishedAt: '2026-11-10T01:00:00Z',
      startsOn: '2026-11-10',
      endsOn: '2026-11-16',
      status: 'closed',
      closedAt: new Date('2026-11-17T00:00:00Z'),
      entries: [{ subjectName: '北京百分百勘测有限公司 100%' }],
    });
    announcement = await insertBatch({
      kind: 'announcement',
      title: '关于2026年第5批建设工程企业资质许可决定的公告',
      publishedAt: '2026-11-25T01:00:00Z',
      entries: [{ subjectName: '北京示范勘察设计有限公司', uscc: '91110108MA01D3M074', opinion: '准予许可' }],
    });
    xssBatch = await insertBatch({
      kind: 'announcement',
      title: `关于${XSS}的公告 & 说明`,
      body: `第一段${XSS}\n第二段 & "引号"`,
      publishedAt: '2026-11-26T02:00:00Z',
      entries: [{ subjectName: `恶意${XSS}公司`, reason: XSS, opinion: '不予许可' }],
    });
  });

  test('list: newest first, period and 公示中/已结束 from the clock, entry counts, feed link; no login, no cookie, no session', async () => {
    const sessionsBefore = await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await get('/public/notices');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const ids = linkedIds(res.body, '/public/notices');
    assert.ok(ids.indexOf(openNotice) >= 0 && ids.indexOf(openNotice) < ids.indexOf(closedNotice), 'newest first');
    assert.ok(!ids.includes(announcement), 'a 公告 is not listed among 公示');
    const open = rowOf(res.body, openNotice);
    assert.match(open, /公示中/);
    assert.match(open, /2026-11-26 至 2026-12-02/);
    assert.match(open, /<time datetime="2026-11-26">2026-11-26<\/time>/);
    assert.match(open, />3<\/td>/, 'entry count');
    assert.match(rowOf(res.body, closedNotice), /已结束/);
    assert.match(res.body, /<link rel="alternate" type="application\/atom\+xml" title="资质资格公示" href="\/public\/notices\/feed.xml">/);
    assert.match(res.body, /<html lang="zh-CN">/);
    assert.match(res.body, /<h1>资质资格公示<\/h1>/);
    assert.match(res.body, /<th scope="col">公示期<\/th>/);
    assert.match(res.body, /<label for="q">/);
    assert.match(res.body, /<a href="\/public\/notices" aria-current="page">资质资格公示<\/a>/);

    // The day after the last day of the period (Asia/Shanghai midnight) the batch reads 已结束.
    t.clock.set(new Date('2026-12-02T15:59:00Z'));
    assert.match(rowOf((await get('/public/notices')).body, openNotice), /公示中/);
    t.clock.set(new Date('2026-12-02T16:00:00Z'));
    assert.match(rowOf((await get('/public/notices')).body, openNotice), /已结束/);
    t.clock.set(new Date('2026-11-27T02:00:00Z'));

    const announcements = await get('/public/announcements');
    assert.equal(announcements.statusCode, 200);
    assert.deepEqual(linkedIds(announcements.body, '/public/announcements').slice(0, 2), [xssBatch, announcement]);
    assert.doesNotMatch(announcements.body, /公示中|已结束|<th scope="col">公示期/);
    const sessionsAfter = await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(sessionsAfter.n, sessionsBefore.n, 'public pages create no session');
  });

  test('batch page: body paragraphs, period, 陈述 channel, entries in position order with item titles, opinions and reasons', async () => {
    const res = await get(`/public/notices/${openNotice}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    const page = res.body;
    assert.match(page, /<h1>关于2026年第3批建设工程企业资质审查意见的公示<\/h1>/);
    assert.match(page, /<p>根据《建设工程勘察设计资质管理规定》，现将审查意见予以公示。<\/p>\s*<p>公示期间/);
    assert.match(page, /2026年11月26日至2026年12月2日（5个工作日）/);
    assert.match(page, /对公示内容有异议的，可在公示期内登录网上申报系统，通过“办事进度—流程跟踪—公示”在线提交陈述材料/);
    for (const h of ['序号', '名称', '统一社会信用代码', '事项', '申请内容', '申请资质', '审查意见']) assert.match(page, new RegExp(`<th scope="col">${h}</th>`));
    const rows = entryRows(page);
    assert.deepEqual(
      rows.map((cells) => cells.slice(0, 3)),
      [
        ['1', '张结构', '—'],
        ['2', '北京示范勘察设计有限公司', '91110108MA01D3M074'],
        ['3', 'Acme Engineering 北京分公司', '91110000600037341L'],
      ],
    );
    assert.deepEqual(rows[0]!.slice(3), ['二级注册结构工程师执业资格认定', '初始注册', '二级注册结构工程师', '不同意<span class="reason">（业绩不满足要求）</span>']);
    assert.deepEqual(rows[1]!.slice(3), ['建设工程勘察企业资质认定（乙级）', '首次申请', '工程勘察专业类岩土工程（勘察）乙级', '同意']);

    const ann = await get(`/public/announcements/${announcement}`);
    assert.equal(ann.statusCode, 200);
    assert.match(ann.body, /<th scope="col">许可决定<\/th>/);
    assert.match(ann.body, /准予许可/);
    assert.doesNotMatch(ann.body, /陈述材料|公示期/);
  });

  test('unknown, other-column and malformed ids are a 404 page', async () => {
    for (const url of [
      `/public/notices/${announcement}`,
      `/public/announcements/${openNotice}`,
      `/public/notices/${randomUUID()}`,
      '/public/notices/not-a-uuid',
      `/public/notices/${openNotice}x`,
      '/public/announcements/%27%20or%201%3D1',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /<h1>未找到<\/h1>/, url);
    }
    assert.equal((await get(`/public/notices/${openNotice.toUpperCase()}`)).statusCode, 200, 'uuid case does not matter');
  });

  test('no private field reaches any public page or feed', async () => {
    const urls = [
      '/public/notices',
      '/public/announcements',
      `/public/notices?q=${encodeURIComponent('张结构')}`,
      '/public/notices?q=91110108MA01D3M074',
      `/public/notices/${openNotice}`,
      `/public/notices/${closedNotice}`,
      `/public/announcements/${announcement}`,
      `/public/announcements/${xssBatch}`,
      '/public/notices/feed.xml',
      '/public/announcements/feed.xml',
    ];
    for (const url of urls) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['set-cookie'], undefined, url);
      for (const secret of [...applicationIds, accountId, staffId, ID_NUMBER]) {
        assert.ok(!res.body.includes(secret), `${url} exposes ${secret}`);
        assert.ok(!res.body.toUpperCase().includes(secret.toUpperCase()), `${url} exposes ${secret}`);
      }
    }
  });

  test('search: by enterprise name, USCC, title; wildcards are literal; results stay in the column', async () => {
    const ids = async (url: string) => {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      return linkedIds(res.body, url.startsWith('/public/notices') ? '/public/notices' : '/public/announcements');
    };
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('示范勘察')}`), [openNotice]);
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('acme engineering')}`), [openNotice], 'case-insensitive');
    assert.deepEqual(await ids('/public/notices?q=91110108MA01D3M074'), [openNotice]);
    assert.deepEqual(await ids('/public/notices?q=91110108ma01d3m074'), [openNotice], 'USCC in lower case');
    assert.deepEqual(await ids('/public/announcements?q=91110108MA01D3M074'), [announcement]);
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('2026年第2批')}`), [closedNotice], 'title');
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('100%')}`), [closedNotice]);
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('0%')}`), [closedNotice], '% matches itself only');
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('_公')}`), [], '_ matches itself only');
    // Found through the pair indexes (issue 19): two characters of a name, a USCC fragment, any case.
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('张结')}`), [openNotice], 'two characters of a person’s name');
    assert.deepEqual(await ids('/public/notices?q=91110000'), [openNotice], 'the start of a USCC');
    assert.deepEqual(await ids('/public/notices?q=AC'), [openNotice], 'two letters, any case');
    assert.deepEqual(await ids('/public/notices?q=ingi'), [], 'every pair is in “Engineering”, but not in a row');
    assert.deepEqual(await ids(`/public/notices?q=${encodeURIComponent('第2批')}`), [closedNotice], 'a fragment of a title');
    const one = await get(`/public/notices?q=${encodeURIComponent('勘')}`);
    assert.equal(one.statusCode, 400, 'one character would match nearly everything and no index serves it');
    assert.match(one.body, /请输入至少 2 个字/);
    const none = await get(`/public/notices?q=${encodeURIComponent('不存在的企业')}`);
    assert.deepEqual(linkedIds(none.body, '/public/notices'), []);
    assert.match(none.body, /没有符合条件的公示/);
    assert.match(none.body, /value="不存在的企业"/, 'the form keeps the query');
    assert.equal((await get(`/public/notices?q=${'长'.repeat(101)}`)).statusCode, 400);
  });

  test('search: published date range in Asia/Shanghai days, inclusive; bad dates are a 400 naming the field', async () => {
    // 2019-04-01 00:30 in Beijing is still 31 March in UTC.
    const early = await insertBatch({ kind: 'announcement', title: '2019年第1批公告', publishedAt: '2019-03-31T16:30:00Z' });
    const mid = await insertBatch({ kind: 'announcement', title: '2019年第2批公告', publishedAt: '2019-04-15T04:00:00Z' });
    const late = await insertBatch({ kind: 'announcement', title: '2019年第3批公告', publishedAt: '2019-04-30T15:59:00Z' });
    const after = await insertBatch({ kind: 'announcement', title: '2019年第4批公告', publishedAt: '2019-04-30T16:00:00Z' });
    const range = async (qs: string) => linkedIds((await get(`/public/announcements?${qs}`)).body, '/public/announcements');
    assert.deepEqual(await range('from=2019-04-01&to=2019-04-30'), [late, mid, early]);
    assert.deepEqual(await range('from=2019-04-02&to=2019-04-30'), [late, mid]);
    assert.deepEqual(await range('from=2019-05-01&to=2019-05-01'), [after]);
    assert.ok((await range('to=2019-04-14')).includes(early) && !(await range('to=2019-04-14')).includes(mid));
    assert.deepEqual(await range(`from=2019-04-01&to=2019-04-30&q=${encodeURIComponent('第2批')}`), [mid]);

    for (const [qs, field] of [
      ['from=2019-4-1', '发布日期“自”'],
      ['to=2019-02-30', '发布日期“至”'],
      ['from=yesterday', '发布日期“自”'],
      ['from=2019-05-01&to=2019-04-01', '不能早于'],
      ['cursor=garbage', '翻页参数'],
    ] as const) {
      const res = await get(`/public/announcements?${qs}`);
      assert.equal(res.statusCode, 400, qs);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /role="alert"/);
      assert.ok(res.body.includes(field), `${qs}: ${field}`);
      assert.doesNotMatch(res.body, /<table/);
    }
    const bad = await get('/public/announcements?from=2019-13-01');
    assert.match(bad.body, /id="from"[^>]*aria-invalid="true" aria-describedby="from-error"/);
  });

  test('ETag: a matching If-None-Match is a 304; closing a batch or the period ending changes it', async () => {
    const list = await get('/public/notices');
    const etag = list.headers.etag as string;
    assert.match(etag, /^W\/"[\w-]+"$/);
    const cached = await get('/public/notices', { 'if-none-match': etag });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.body, '');
    assert.equal(cached.headers.etag, etag);
    assert.equal((await get('/public/notices?q=abc', { 'if-none-match': etag })).statusCode, 200, 'the query is part of the tag');

    const page = await get(`/public/notices/${openNotice}`);
    const pageTag = page.headers.etag as string;
    assert.equal(page.headers['cache-control'], 'public, max-age=60');
    assert.equal((await get(`/public/notices/${openNotice}`, { 'if-none-match': `"other", ${pageTag}` })).statusCode, 304);

    // Time passes past the last day: 公示中 becomes 已结束 on both pages, so the tags change.
    t.clock.set(new Date('2026-12-03T01:00:00Z'));
    assert.equal((await get('/public/notices', { 'if-none-match': etag })).statusCode, 200);
    const ended = await get(`/public/notices/${openNotice}`, { 'if-none-match': pageTag });
    assert.equal(ended.statusCode, 200);
    assert.match(ended.body, /已结束/);
    t.clock.set(new Date('2026-11-27T02:00:00Z'));

    const before = await get(`/public/notices/${openNotice}`);
    await t.database.db.updateTable('noticeBatches').set({ status: 'closed', closedAt: new Date('2026-11-27T01:00:00Z') }).where('id', '=', openNotice).execute();
    try {
      assert.equal((await get(`/public/notices/${openNotice}`, { 'if-none-match': before.headers.etag as string })).statusCode, 200);
      assert.equal((await get('/public/notices', { 'if-none-match': etag })).statusCode, 200);
    } finally {
      await t.database.db.updateTable('noticeBatches').set({ status: 'published', closedAt: null }).where('id', '=', openNotice).execute();
    }

    const feed = await get('/public/announcements/feed.xml');
    assert.equal((await get('/public/announcements/feed.xml', { 'if-none-match': feed.headers.etag as string })).statusCode, 304);
  });

  test('Atom feed: well-formed Atom 1.0, newest batch first, links to the batch pages, escaped', async () => {
    const res = await get('/public/announcements/feed.xml');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    assert.equal(res.headers['set-cookie'], undefined);
    const xml = res.body;
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assertWellFormedXml(xml);
    assert.match(xml, /<id>http:\/\/zizhi.test\/public\/announcements<\/id>/);
    assert.match(xml, /<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/updated>/);
    assert.match(xml, /<author><name>北京市规划和自然资源委员会<\/name><\/author>/);
    const entries = xml.split('<entry>').slice(1);
    assert.ok(entries.length >= 2 && entries.length <= 20);
    assert.ok(entries[0]!.includes(`<id>${TEST_PUBLIC_URL}/public/announcements/${xssBatch}</id>`), 'newest first');
    assert.ok(entries[0]!.includes(`<link rel="alternate" type="text/html" href="${TEST_PUBLIC_URL}/public/announcements/${xssBatch}"/>`));
    assert.ok(entries[0]!.includes('<title>关于&lt;script&gt;alert(1)&lt;/script&gt;的公告 &amp; 说明</title>'));
    assert.ok(entries[1]!.includes(`/public/announcements/${announcement}</id>`));
    assert.match(entries[1]!, /<summary>发布日期：2026年11月25日；共 1 条。/);
    assert.ok(!xml.includes(XSS));

    const notices = await get('/public/notices/feed.xml');
    assertWellFormedXml(notices.body);
    assert.match(notices.body, /公示期：2026年11月26日至2026年12月2日（5个工作日）/);
  });

  test('XSS: title, body, names and reasons are escaped everywhere', async () => {
    for (const url of [`/public/announcements/${xssBatch}`, '/public/announcements', `/public/announcements?q=${encodeURIComponent('恶意')}`]) {
      const res = await get(url);
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes(XSS), url);
      assert.ok(res.body.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), url);
    }
    const page = (await get(`/public/announcements/${xssBatch}`)).body;
    assert.equal(entryRows(page)[0]![1], '恶意&#60;script&#62;alert(1)&#60;/script&#62;公司');
    assert.match(page, /<p>第二段 &#38; &#34;引号&#34;<\/p>/);
  });
});

describe('keyset pagination over a long history', () => {
  const BATCHES = 200;
  const PER_BATCH = 50;
  let expected: string[];
  let big: string;

  before(async () => {
    const { db } = t.database;
    // 200 公示 batches of 50 entries in two statements; a few share a published_at (the id
    // breaks the tie) and two differ by a microsecond only (the cursor must not round it away).
    await sql`
      insert into notice_batches (id, kind, year, seq, title, body, status, period_days, starts_on, ends_on, entry_count, published_at, published_by)
      select gen_random_uuid(), 'notice', 2021 + g / 100, g, '批量公示第' || g || '批', '正文', 'published', 5, date '2021-01-01' + g, date '2021-01-06' + g,
             ${PER_BATCH}, timestamptz '2021-01-01 00:00:00+00' + ((g / 3) * interval '1 day'), ${staffId}
      from generate_series(1, ${BATCHES}) g`.execute(db);
    // 微秒: 21 batches whose last two differ by one microsecond and straddle the page boundary.
    await sql`
      insert into notice_batches (id, kind, year, seq, title, body, status, entry_count, published_at)
      select gen_random_uuid(), 'notice', 2022, 9000 + g, '批量公示微秒' || g, '正文', 'closed', ${PER_BATCH},
             timestamptz '2021-03-01 00:00:00+00' + case when g <= 2 then g * interval '1 microsecond' else g * interval '1 hour' end
      from generate_series(1, 21) g`.execute(db);
    await sql`
      insert into notice_entries (batch_id, application_id, position, subject_name, uscc, item, application_type, qualification, opinion)
      select b.id, ${applicationIds[0]}::uuid, g, b.title || '单位' || g, null, 'design-b', '首次申请', '建筑行业（建筑工程）乙级', '同意'
      from notice_batches b cross join generate_series(1, ${PER_BATCH}) g
      where b.title like '批量公示%'`.execute(db);
    const count = await db.selectFrom('noticeEntries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(count.n) >= BATCHES * PER_BATCH);

    big = await insertBatch({
      kind: 'announcement',
      title: '大批量公告',
      publishedAt: '2020-01-01T00:00:00Z',
      // Inserted out of order, with gaps: pages follow position, not insertion.
      entries: Array.from({ length: 1000 }, (_, i) => ({ subjectName: `企业${1000 - i}`, position: (1000 - i) * 3 })),
    });
    const rows = await db.selectFrom('noticeBatches').select(['id', 'publishedAt']).where('kind', '=', 'notice').orderBy('publishedAt', 'desc').orderBy('id', 'desc').execute();
    expected = rows.map((r) => r.id);
    const splitTies = rows.filter((r, i) => i % 20 === 0 && i > 0 && r.publishedAt.getTime() === rows[i - 1]!.publishedAt.getTime());
    assert.ok(splitTies.length >= 3, 'page boundaries fall between batches published at the same instant');
  });

  test('walking 下一页 visits every batch exactly once, newest first; 上一页 walks back the same pages', async () => {
    const started = Date.now();
    const pages: string[][] = [];
    const numbers: string[] = [];
    let url: string | undefined = '/public/notices';
    const urls: string[] = [];
    while (url) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      urls.push(url);
      const ids = linkedIds(res.body, '/public/notices');
      assert.ok(ids.length <= 20);
      pages.push(ids);
      numbers.push(currentPage(res.body) ?? '');
      url = relLink(res.body, 'next');
      assert.ok(pages.length <= 20, 'the walk ends');
    }
    assert.deepEqual(pages.flat(), expected);
    assert.equal(pages.length, Math.ceil(expected.length / 20));
    assert.deepEqual(numbers, pages.map((_, i) => `第 ${i + 1} 页，共 ${pages.length} 页`));
    assert.ok(urls.slice(1).every((u) => /^\/public\/notices\?cursor=[\w-]+$/.test(u)), 'opaque cursor');

    // Back from the last page to the first.
    let back: string | undefined = urls[urls.length - 1];
    const backPages: string[][] = [];
    while (back) {
      const res = await get(back);
      backPages.push(linkedIds(res.body, '/public/notices'));
      back = relLink(res.body, 'prev');
    }
    assert.deepEqual(backPages.reverse(), pages);
    assert.ok(Date.now() - started < 15_000);
  });

  test('the cursor keeps microseconds: batches one microsecond apart on both sides of a page boundary', async () => {
    const first = await get(`/public/notices?q=${encodeURIComponent('批量公示微秒')}`);
    const page1 = linkedIds(first.body, '/public/notices');
    assert.equal(page1.length, 20);
    const second = await get(relLink(first.body, 'next')!);
    const page2 = linkedIds(second.body, '/public/notices');
    const want = await t.database.db.selectFrom('noticeBatches').select('id').where('title', 'like', '批量公示微秒%').orderBy('publishedAt', 'desc').execute();
    assert.deepEqual([...page1, ...page2], want.map((r) => r.id));
    assert.equal(relLink(second.body, 'next'), undefined);
  });

  test('the cursor carries the search and the date range', async () => {
    const q = encodeURIComponent('批量公示');
    let url: string | undefined = `/public/notices?q=${q}&from=2021-01-10&to=2021-12-31`;
    const seen: string[] = [];
    while (url) {
      const res = await get(url);
      assert.equal(res.statusCode, 200);
      seen.push(...linkedIds(res.body, '/public/notices'));
      url = relLink(res.body, 'next');
      if (url) assert.match(url, /q=%E6%89%B9%E9%87%8F%E5%85%AC%E7%A4%BA&from=2021-01-10&to=2021-12-31&cursor=/);
    }
    const want = await t.database.db
      .selectFrom('noticeBatches')
      .select('id')
      .where('kind', '=', 'notice')
      .where('title', 'like', '批量公示%')
      .where('publishedAt', '>=', new Date('2021-01-09T16:00:00Z'))
      .where('publishedAt', '<', new Date('2021-12-31T16:00:00Z'))
      .orderBy('publishedAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
    assert.ok(want.length > 40);
    assert.deepEqual(seen, want.map((r) => r.id));
  });

  test('a batch of 1 000 entries pages by position, 200 at a time, forwards and back', async () => {
    const positions: number[] = [];
    const labels: string[] = [];
    let url: string | undefined = `/public/announcements/${big}`;
    const urls: string[] = [];
    while (url) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      urls.push(url);
      positions.push(...positionsOf(res.body));
      labels.push(currentPage(res.body) ?? '');
      url = relLink(res.body, 'next');
      assert.ok(urls.length <= 6);
    }
    assert.equal(urls.length, 5);
    assert.deepEqual(positions, Array.from({ length: 1000 }, (_, i) => (i + 1) * 3));
    assert.deepEqual(labels, [1, 2, 3, 4, 5].map((n) => `第 ${n} 页，共 5 页`));

    const res = await get(urls[3]!);
    const etag = res.headers.etag as string;
    assert.notEqual(etag, (await get(urls[2]!)).headers.etag, 'each page has its own tag');
    assert.equal((await get(urls[3]!, { 'if-none-match': etag })).statusCode, 304);
    const prev = relLink(res.body, 'prev')!;
    const prevPositions = positionsOf((await get(prev)).body);
    assert.deepEqual(prevPositions, positions.slice(400, 600));
    assert.equal(relLink((await get(urls[1]!)).body, 'prev'), `/public/announcements/${big}`, 'page 2 goes back to the plain link');
    // A damaged page link still shows the batch (its first page).
    const damaged = await get(`/public/announcements/${big}?cursor=%%%`);
    assert.equal(damaged.statusCode, 200);
    assert.deepEqual(positionsOf(damaged.body).slice(0, 2), [3, 6]);
  });
});

describe('rendered pages are reused only while they are current', () => {
  test('a search asked again is answered from the rendered page; any change to batches or entries shows at once', async () => {
    const { db } = t.database;
    const name = `缓存测试勘察设计院${randomUUID().slice(0, 4)}`;
    const url = `/public/announcements?q=${encodeURIComponent(name)}`;
    const first = await insertBatch({ kind: 'announcement', title: '缓存测试第1批公告', publishedAt: '2026-11-26T03:00:00Z', entries: [{ subjectName: name }] });
    const a = await get(url);
    assert.equal(a.statusCode, 200);
    assert.deepEqual(linkedIds(a.body, '/public/announcements'), [first]);

    // With the version trigger off, an edited entry goes unnoticed: the page was not searched for again.
    await sql`alter table notice_entries disable trigger notice_entries_version`.execute(db);
    try {
      await db.updateTable('noticeEntries').set({ subjectName: '改名后的单位' }).where('batchId', '=', first).execute();
      const again = await get(url);
      assert.equal(again.body, a.body, 'the rendered page was reused');
    } finally {
      await sql`alter table notice_entries enable trigger notice_entries_version`.execute(db);
    }

    // With it on (as always), any change to entries or batches moves the column's version.
    await db.updateTable('noticeEntries').set({ subjectName: '再次改名的单位' }).where('batchId', '=', first).execute();
    const renamed = await get(url);
    assert.notEqual(renamed.headers.etag, a.headers.etag);
    assert.deepEqual(linkedIds(renamed.body, '/public/announcements'), [], 'the renamed entry is no longer found');
    const second = await insertBatch({ kind: 'announcement', title: '缓存测试第2批公告', publishedAt: '2026-11-26T04:00:00Z', entries: [{ subjectName: name }] });
    assert.deepEqual(linkedIds((await get(url)).body, '/public/announcements'), [second], 'a new batch is found at once');
    await db.updateTable('noticeBatches').set({ title: `${name}专项公告` }).where('id', '=', first).execute();
    assert.deepEqual(linkedIds((await get(url)).body, '/public/announcements'), [second, first], 'a retitled batch is found by its title');
  });
});
