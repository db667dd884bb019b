import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import readXlsxFile from 'read-excel-file/node';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { assertContract } from '../../../test/support/contract.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { validUscc } from '../../../test/support/flows.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';
import { CaseSearchPageSchema, SEARCH_COUNT_PAGES_AHEAD, type CaseSearchPage } from '../../contract/staff.ts';
import { bigramsOf } from '../../domain/search.ts';
import { searchCases } from './review.repository.ts';
import { openDatabase } from '../db/database.ts';
import { TEST_BACKEND } from '../../../test/support/db.ts';

// Issue 18, 全部案件 / 已办: staff find any submitted case, open or closed, by a fragment of its
// 申报编号, name (two Chinese characters included) or 统一社会信用代码, through an index the
// database keeps current.

let t: TestApp;
let acceptor: ApplicantApi;
let reviewer: ApplicantApi;
let realCase: { id: string; number: string; applicant: ApplicantApi };

/** Copies of the real case under other names: [name, open, submitted days before the real one, item]. */
const COPIES: [string, boolean, number, string][] = [
  ['北京华鼎勘察设计有限公司', true, 1, 'survey-b'],
  ['天津华鼎岩土工程有限公司', false, 40, 'survey-b'],
  ['河北华鼎规划院', true, 3, 'design-b'],
  ['中诚岩土工程有限公司', true, 2, 'survey-b'],
  ['京城规划设计研究院', false, 400, 'design-b'],
];
const usccs = COPIES.map(() => validUscc());

before(async () => {
  t = await buildTestApp();
  const submitted = await submittedCase(t, 'survey-b', 'first');
  realCase = { id: submitted.id, number: submitted.number, applicant: submitted.applicant };
  const db = t.database.db;
  for (const [i, [name, open, daysBack, item]] of COPIES.entries()) {
    await sql`insert into accounts (id, issuer, subject, kind, display_name, profile, roles)
      values (gen_random_uuid(), 'test', ${`search-${i}`}, 'legal', ${name}, '{}'::jsonb, '[]'::jsonb)`.execute(db);
    await sql`insert into applications (id, account_id, item, number, application_type, data, saved_steps, status, is_open, version,
        created_at, updated_at, submitted_at, workflow, node, node_entered_at, outcome, correction, extension_days)
      select gen_random_uuid(), (select id from accounts where subject = ${`search-${i}`}), ${item}, ${`KCS${String(i).padStart(6, '0')}`},
        t.application_type,
        jsonb_set(jsonb_set(t.data, '{applicant,orgName}', to_jsonb(${name}::text)), '{applicant,uscc}', to_jsonb(${usccs[i]!}::text)),
        t.saved_steps, ${open ? 'submitted' : 'closed'}, ${open}, 1, t.created_at, t.updated_at,
        t.submitted_at - ${daysBack} * interval '1 day', t.workflow, ${open ? sql`t.node` : null}, t.node_entered_at,
        ${open ? null : 'approved'}, null, 0
      from applications t where t.id = ${realCase.id}`.execute(db);
  }
  acceptor = await loggedInStaff(t, ['acceptor']);
  reviewer = await loggedInStaff(t, ['reviewer']);
});
after(async () => {
  await t?.close();
});

async function search(query: string, who = acceptor): Promise<CaseSearchPage> {
  const res = await who.call('GET', `/api/staff/search?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return assertContract(CaseSearchPageSchema, res.json());
}
const names = (page: CaseSearchPage) => page.cases.map((c) => c.applicantName).sort();
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('全部案件', () => {
  test('two characters of a name find every case whose name holds them, open or closed, newest first', async () => {
    const page = await search(q('华鼎'));
    assert.deepEqual(names(page), ['北京华鼎勘察设计有限公司', '天津华鼎岩土工程有限公司', '河北华鼎规划院']);
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.cases.map((c) => c.applicantName),
      ['北京华鼎勘察设计有限公司', '河北华鼎规划院', '天津华鼎岩土工程有限公司'],
      'newest submission first',
    );
    const closed = page.cases.find((c) => c.applicantName.startsWith('天津'))!;
    assert.equal(closed.isOpen, false);
    assert.equal(closed.stage, '准予许可');
    assert.equal(page.cases.find((c) => c.applicantName.startsWith('北京'))!.stage, '受理');
  });

  test('the pairs must be contiguous: 岩土 finds two, 土岩 none; four characters narrow it', async () => {
    assert.deepEqual(names(await search(q('岩土'))), ['中诚岩土工程有限公司', '天津华鼎岩土工程有限公司']);
    assert.equal((await search(q('土岩'))).total, 0);
    assert.deepEqual(names(await search(q('华鼎岩土'))), ['天津华鼎岩土工程有限公司']);
    // Every pair present, not in this order: the ILIKE check refuses it.
    assert.equal((await search(q('鼎华'))).total, 0);
  });

  test('a 申报编号 fragment, a USCC prefix in any case, a whole USCC', async () => {
    const byNumber = await search(q(realCase.number.slice(0, 6)));
    assert.deepEqual(byNumber.cases.map((c) => c.number), [realCase.number]);
    assert.deepEqual(names(await search(q('KCS00000'))).length, COPIES.length);
    const uscc = usccs[3]!;
    assert.deepEqual(names(await search(q(uscc))), ['中诚岩土工程有限公司']);
    assert.ok((await search(q(uscc.slice(0, 10).toLowerCase()))).cases.some((c) => c.applicantUscc === uscc));
  });

  test('the total is exact up to its cap; past it, the cap and totalCapped (a frequent fragment costs no more)', async () => {
    const found = async (countUpTo: number) => {
      const r = await searchCases(t.database.db, { fragment: '华鼎', limit: 2, offset: 0, countUpTo });
      return { rows: r.rows.length, total: r.total, totalCapped: r.totalCapped };
    };
    assert.deepEqual(await found(10), { rows: 2, total: 3, totalCapped: false });
    assert.deepEqual(await found(3), { rows: 2, total: 3, totalCapped: false }, 'exactly the cap: still exact');
    assert.deepEqual(await found(2), { rows: 2, total: 2, totalCapped: true });
    assert.deepEqual(await found(1), { rows: 2, total: 1, totalCapped: true }, 'the page itself is not cut');
    assert.equal((await search(q('华鼎'))).totalCapped, false, 'the API says whether its total is exact');
  });

  test('filters: item, state, submission days; they combine with the fragment', async () => {
    assert.deepEqual(names(await search(`${q('华鼎')}&item=design-b`)), ['河北华鼎规划院']);
    assert.deepEqual(names(await search(`${q('华鼎')}&state=closed`)), ['天津华鼎岩土工程有限公司']);
    const all = await search('pageSize=100');
    assert.equal(all.total, COPIES.length + 1);
    assert.equal((await search('state=closed')).total, 2);
    assert.equal((await search('state=open')).total, COPIES.length - 1);
    const real = all.cases.find((c) => c.id === realCase.id)!;
    const day = new Date(Date.parse(real.submittedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const onDay = await search(`from=${day}&to=${day}`);
    assert.deepEqual(onDay.cases.map((c) => c.id), [realCase.id], 'only the real case was submitted that day (Beijing)');
    assert.equal((await search(`to=${day}`)).total, COPIES.length + 1);
  });

  test('pages cover every case once', async () => {
    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) seen.push(...(await search(`pageSize=10&page=${p}`)).cases.map((c) => c.id));
    const first = await search('pageSize=10&page=1');
    assert.equal(first.cases.length, COPIES.length + 1);
    assert.equal(new Set(seen).size, COPIES.length + 1);
  });

  test('已办: only the cases this staff member acted on', async () => {
    assert.equal((await search('mine=true', reviewer)).total, 0);
    const view = (await acceptor.call('GET', `/api/staff/cases/${realCase.id}`)).json();
    const accepted = await acceptor.call('POST', `/api/staff/cases/${realCase.id}/actions`, { action: 'accept', version: view.version, opinion: '材料齐全，予以受理。' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual((await search('mine=true')).cases.map((c) => c.id), [realCase.id]);
    assert.equal((await search('mine=true', reviewer)).total, 0, 'another member’s work is not theirs');
  });

  test('bad filters get a Chinese message naming the problem', async () => {
    const one = await acceptor.call('GET', `/api/staff/search?${q('华')}`);
    assert.equal(one.statusCode, 400);
    assert.equal(one.json().error.code, 'CASE_SEARCH_TOO_SHORT');
    assert.match(one.json().error.message, /至少 2 个字符/);
    const notADay = await acceptor.call('GET', '/api/staff/search?from=2026-02-30');
    assert.equal(notADay.statusCode, 400);
    assert.equal(notADay.json().error.code, 'DATE_INVALID');
    assert.deepEqual(notADay.json().error.fieldErrors, [{ path: 'from', message: '日期格式不正确，应为 YYYY-MM-DD' }]);
    const reversed = await acceptor.call('GET', '/api/staff/search?from=2026-03-02&to=2026-03-01');
    assert.equal(reversed.json().error.code, 'DATE_RANGE_REVERSED');
    const wildcard = await search(q('%%'));
    assert.equal(wildcard.total, 0, 'LIKE wildcards are matched literally');
  });

  test('导出: the same filters as an .xlsx that opens with every match; the export is audited', async () => {
    const res = await acceptor.call('GET', `/api/staff/search/export?${q('华鼎')}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="cases-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''%E5%85%A8%E9%83%A8%E6%A1%88%E4%BB%B6-/);
    const [sheet] = (await readXlsxFile(res.rawPayload)) as { sheet: string; data: unknown[][] }[];
    assert.equal(sheet!.sheet, '全部案件');
    const [header, ...rows] = sheet!.data;
    assert.deepEqual(header, ['申报编号', '事项', '申请内容', '申请人', '统一社会信用代码', '提交时间（北京时间）', '办理状态', '当前环节或结果']);
    const page = await search(`${q('华鼎')}&pageSize=100`);
    assert.deepEqual(
      rows.map((r) => [r[0], r[3], r[4], r[6], r[7]]),
      page.cases.map((c) => [c.number, c.applicantName, c.applicantUscc, c.isOpen ? '办理中' : '已办结', c.stage]),
    );
    const audited = await t.database.db.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'case.export').execute();
    assert.equal(audited.length, 1);
    assert.deepEqual(audited[0]!.details, { filter: { q: '华鼎' }, rows: 3, total: 3 });
    const refused = await acceptor.call('GET', `/api/staff/search/export?${q('华')}`);
    assert.equal(refused.statusCode, 400);
    assert.equal((await realCase.applicant.call('GET', `/api/staff/search/export?${q('华鼎')}`)).statusCode, 403);
  });

  test('an applicant gets 403 and never a case', async () => {
    const res = await realCase.applicant.call('GET', `/api/staff/search?${q('华鼎')}`);
    assert.equal(res.statusCode, 403);
    assert.doesNotMatch(res.body, /华鼎/);
  });

  test('the database keeps the pairs current: a changed name is found by the new name only', async () => {
    const db = t.database.db;
    await sql`update applications set data = jsonb_set(data, '{applicant,orgName}', to_jsonb('中诚勘测有限公司'::text)) where number = 'KCS000003'`.execute(db);
    assert.deepEqual(names(await search(q('勘测'))), ['中诚勘测有限公司']);
    assert.deepEqual(names(await search(q('岩土'))), ['天津华鼎岩土工程有限公司']);
    // Longer fragments are checked against the name the index carries: the new one, on every pair
    // (有限, 限公 and 公司 are in both names).
    assert.deepEqual(names(await search(q('诚勘测有'))), ['中诚勘测有限公司']);
    assert.ok(!names(await search(q('工程有限'))).includes('中诚勘测有限公司'), 'the old name no longer matches');
    const carried = await sql<{ name: string }>`select distinct p.applicant_name as name from case_name_pairs p join applications a on a.id = p.application_id where a.number = 'KCS000003'`.execute(db);
    assert.deepEqual(carried.rows.map((r) => r.name), ['中诚勘测有限公司']);
    const row = await sql<{ pairs: string[] }>`select search_bigrams as pairs from applications where number = 'KCS000003'`.execute(db);
    for (const pair of bigramsOf('中诚勘测有限公司')) assert.ok(row.rows[0]!.pairs.includes(pair), pair);
  });

  test('a name search pages newest first, every match once, with the date range in SQL; past the end the total stays', async () => {
    const db = t.database.db;
    for (const fragment of ['有限', '有限公司', '华鼎勘察']) {
      const like = `%${fragment}%`;
      const expected = (await sql<{ id: string }>`select id from applications where number is not null and applicant_name like ${like} order by submitted_at desc, id desc`.execute(db)).rows.map((r) => r.id);
      assert.ok(expected.length >= 1, fragment);
      const seen: string[] = [];
      for (let offset = 0; offset <= expected.length + 2; offset += 2) {
        const r = await searchCases(db, { fragment, limit: 2, offset, countUpTo: 100 });
        assert.equal(r.total, expected.length, `${fragment} at ${offset}`);
        seen.push(...r.rows.map((row) => row.id));
      }
      assert.deepEqual(seen, expected, fragment);
    }
    const [newest, ...older] = (await searchCases(db, { fragment: '华鼎', limit: 10, offset: 0, countUpTo: 100 })).rows;
    const since = await searchCases(db, { fragment: '华鼎', submittedFrom: newest!.submittedAt!, limit: 10, offset: 0, countUpTo: 100 });
    assert.deepEqual(since.rows.map((r) => r.id), [newest!.id]);
    const before = await searchCases(db, { fragment: '华鼎', submittedBefore: newest!.submittedAt!, limit: 10, offset: 0, countUpTo: 100 });
    assert.deepEqual(before.rows.map((r) => r.id), older.map((r) => r.id));
  });

  test('the fragment’s pairs are what the database computes for the same text', async () => {
    for (const text of ['华鼎', 'KC2026ab', '91130102MA01', '𠀀字', 'a']) {
      const row = await sql<{ pairs: string[] }>`select text_bigrams(${text}) as pairs`.execute(t.database.db);
      assert.deepEqual([...row.rows[0]!.pairs].sort(), bigramsOf(text).sort(), text);
    }
  });

  test('the count runs a few pages ahead of the page shown: “以上” on page 1, exact once the end is near', async () => {
    await sql`insert into applications (id, account_id, item, number, application_type, data, saved_steps, status, is_open, version,
        created_at, updated_at, submitted_at, workflow, node, node_entered_at, outcome, correction, extension_days)
      select gen_random_uuid(), t.account_id, t.item, 'KCB' || lpad(g::text, 6, '0'), t.application_type,
        jsonb_set(t.data, '{applicant,orgName}', to_jsonb('批量测试设计院' || g)), t.saved_steps, 'closed', false, 1,
        t.created_at, t.updated_at, t.submitted_at - g * interval '1 minute', t.workflow, null, t.node_entered_at, 'approved', null, 0
      from applications t, generate_series(1, 105) as g where t.id = ${realCase.id}`.execute(t.database.db);
    const ahead = SEARCH_COUNT_PAGES_AHEAD;
    const first = await search(`${q('批量测试')}&pageSize=10`);
    assert.deepEqual([first.total, first.totalCapped, first.cases.length], [ahead * 10, true, 10], '“以上” on page 1');
    const short = await search(`${q('批量测试')}&pageSize=10&page=${11 - ahead}`);
    assert.deepEqual([short.total, short.totalCapped], [100, true], 'one short of the end: still “以上”');
    const near = await search(`${q('批量测试')}&pageSize=10&page=${12 - ahead}`);
    assert.deepEqual([near.total, near.totalCapped], [105, false], 'the end in sight: exact');
    const last = await search(`${q('批量测试')}&pageSize=10&page=11`);
    assert.deepEqual(last.cases.map((c) => c.applicantName), [101, 102, 103, 104, 105].map((n) => `批量测试设计院${n}`), 'the oldest, on the last page');
    assert.equal(last.total, 105);
  });

  test('PostgreSQL keeps the name search prepared: parsed once per connection, then only bound', { skip: TEST_BACKEND !== 'postgres' && 'prepared statements are a PostgreSQL connection’s' }, async () => {
    const one = await openDatabase({ kind: 'postgres', url: t.database.url!, poolMax: 1 });
    try {
      for (let i = 0; i < 7; i++) {
        const r = await searchCases(one.db, { fragment: '华鼎岩土', limit: 20, offset: 0, countUpTo: 100 });
        assert.deepEqual(r.rows.map((row) => row.applicantName), ['天津华鼎岩土工程有限公司']);
      }
      const kept = await sql<{ generic: string; custom: string }>`
        select generic_plans::text as generic, custom_plans::text as custom from pg_prepared_statements where statement like '%case_name_pairs%'`.execute(one.db);
      assert.equal(kept.rows.length, 1, 'one statement, parsed once');
      // Generic or custom is PostgreSQL's choice by cost (at this size, custom); it is planned from the kept parse.
      assert.equal(Number(kept.rows[0]!.generic) + Number(kept.rows[0]!.custom), 7);
    } finally {
      await one.close();
    }
  });

  test('a deleted case leaves the name index with it', async () => {
    const db = t.database.db;
    assert.equal((await search(q('京城'))).total, 1);
    const { id } = await db.selectFrom('applications').select('id').where('number', '=', 'KCS000004').executeTakeFirstOrThrow();
    await db.deleteFrom('applications').where('id', '=', id).execute();
    assert.equal((await search(q('京城'))).total, 0);
    assert.equal((await db.selectFrom('caseNamePairs').select('pair').where('applicationId', '=', id).execute()).length, 0);
  });
});
