import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { grantCertificate } from '../../../test/support/register.ts';
import { orgCodeCheckChar, usccCheckChar } from '../../domain/identifiers/index.ts';

let t: TestApp;
// The app's clock starts at 2026-11-27T02:00Z: 2026-11-27 in Shanghai.
const accountId = randomUUID();
/** An engineer's 身份证号码: the register keys the registration on it; no public page may show it. */
const ID_NUMBER = '110105198503071230';
const OTHER_ID_NUMBER = '11010519900101123X';

/** A valid 统一社会信用代码 from eight digits of 组织机构代码 body. */
function uscc(body: string): string {
  const first17 = `91110108${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
const A = { id: uscc('10000001'), name: '北京勘察示范有限公司' };
const B = { id: uscc('10000002'), name: '北京勘察二院有限公司' };
const C = { id: uscc('10000003'), name: '京勘察测绘有限责任公司' };
const D = { id: uscc('10000004'), name: '北京城建（集团）设计有限公司' };
const PAGED = Array.from({ length: 25 }, (_, i) => ({ id: uscc(String(20000000 + i)), name: `分页测试企业${String(i + 1).padStart(2, '0')}有限公司` }));

let renewalId: string;
let aDesign: string;
let cSurvey: string;
let bOld: string;

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const enc = encodeURIComponent;
/** The HTML of one enterprise's section. */
const section = (page: string, name: string) => {
  const start = page.indexOf(`>${name}</h3>`);
  assert.ok(start >= 0, `${name} is listed`);
  return page.slice(start, page.indexOf('</section>', start));
};
const version = async () => (await sql<{ v: string }>`select version::text as v from register_version`.execute(t.database.db)).rows[0]!.v;
/** Every page answered in this file, checked at the end for the ID number and cookies. */
const seen: Array<{ url: string; body: string; cookie: unknown }> = [];
async function page(url: string, status = 200) {
  const res = await get(url);
  seen.push({ url, body: res.body, cookie: res.headers['set-cookie'] });
  assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  return res;
}

before(async () => {
  t = await buildTestApp();
  const { db } = t.database;
  await db.insertInto('accounts').values({ id: accountId, issuer: 'test', subject: 'legal-c', kind: 'legal', displayName: C.name, profile: '{}', roles: '[]' }).execute();
  await grantCertificate(db, { item: 'survey-b', holderId: A.id, holderName: A.name, codes: ['B201B', 'B202B'], validUntil: '2028-01-01' });
  aDesign = (await grantCertificate(db, { item: 'design-b', holderId: A.id, holderName: A.name, codes: ['A32102B'], validUntil: '2027-06-30' })).number;
  await db.updateTable('registerCertificates').set({ status: 'void', voidedOn: '2026-05-20', voidReason: '已注销' }).where('number', '=', aDesign).execute();
  await db.updateTable('registerHoldings').set({ status: 'cancelled', endedOn: '2026-05-20' }).where('code', '=', 'A32102B').execute();
  // B's earlier certificate, cancelled before the current one was issued: a 历史证书.
  bOld = (await grantCertificate(db, { item: 'survey-b', holderId: B.id, holderName: '北京勘察二院', validFrom: '2016-01-01', validUntil: '2021-01-01' })).number;
  await db.updateTable('registerCertificates').set({ status: 'void', voidedOn: '2020-12-31', voidReason: '已注销' }).where('number', '=', bOld).execute();
  await grantCertificate(db, { item: 'survey-b', holderId: B.id, holderName: B.name, codes: ['B201B'], validUntil: '2026-11-20' });
  cSurvey = (await grantCertificate(db, { item: 'survey-b', holderId: C.id, holderName: C.name, codes: ['B202B'], validUntil: '2026-11-20' })).number;
  await grantCertificate(db, { item: 'design-b', holderId: D.id, holderName: D.name, codes: ['A31701B'], validUntil: '2029-03-31' });
  for (const e of PAGED) await grantCertificate(db, { item: 'survey-b', holderId: e.id, holderName: e.name, codes: ['B201B'], validUntil: '2029-12-31' });
  await grantCertificate(db, { item: 'struct-eng-2', holderId: ID_NUMBER, holderName: '张结构', validUntil: '2027-05-09', employer: '北京示范建筑设计院', number: 'S2241100003' });
  await grantCertificate(db, { item: 'struct-eng-2', holderId: OTHER_ID_NUMBER, holderName: '张结构', validUntil: '2027-08-01', employer: '北京另一设计院', number: 'S2241100017' });
  // C's 延续, submitted before its certificate expired and still undecided.
  renewalId = randomUUID();
  await db
    .insertInto('applications')
    .values({
      id: renewalId,
      accountId,
      item: 'survey-b',
      applicationType: 'renew',
      data: JSON.stringify({ applicant: { orgName: C.name, uscc: C.id }, content: { applicationType: 'renew', certificateNumber: cSurvey } }),
      savedSteps: '[]',
      status: 'submitted',
      createdAt: new Date('2026-11-10T02:00:00Z'),
      updatedAt: new Date('2026-11-10T02:00:00Z'),
      submittedAt: new Date('2026-11-10T02:00:00Z'),
    })
    .execute();
});
after(async () => {
  await t.close();
});

describe('资质查询: enterprises', () => {
  test('a two-character fragment of the name finds every enterprise containing it, with its certificates and standing', async () => {
    const res = await page(`/public/qualifications?q=${enc('勘察')}`);
    const body = res.body;
    assert.match(body, /共找到 3 家企业/);
    for (const e of [A, B, C]) assert.ok(body.includes(e.id), `${e.name}'s code is shown`);
    assert.ok(!body.includes(D.name) && !body.includes('张结构'), 'neither other enterprises nor engineers');
    // Valid, with its qualifications from the catalogue; the cancelled 设计 certificate in its place.
    const a = section(body, A.name);
    assert.match(a, /工程勘察资质证书[^]*工程勘察水文地质勘察专业乙级<br>工程勘察工程测量专业乙级[^]*2022-01-01[^]*2028-01-01[^]*<span class="tag on">有效<\/span>/);
    assert.match(a, new RegExp(`工程设计资质证书</td><td class="code">${aDesign}</td><td>—</td>[^]*<span class="tag off">已注销</span><span class="muted">（2026-05-20注销）</span>`));
    const b = section(body, B.name);
    assert.match(b, /<span class="tag off">已过期<\/span>/);
    assert.match(b, new RegExp(`<p class="history">历史证书：工程勘察资质证书 <span class="code">${bOld}</span>（已注销，2020-12-31）</p>`));
    assert.equal(b.split('<tr>').length - 1, 2, 'one header row and one certificate row: the void one is history only');
    // 行政许可法 Art. 50: filed before expiry, undecided at expiry.
    assert.match(section(body, C.name), /<span class="tag on">有效（视为准予延续）<\/span>[^]*2026-11-10/);
    assert.doesNotMatch(body, /<script/i);
    assert.match(body, /href="\/public\/notices"/);
    assert.match(body, /href="\/public\/announcements"/);
  });

  test('ASCII brackets match the register’s full-width ones; several terms must all match', async () => {
    assert.match((await page(`/public/qualifications?q=${enc('城建(集团)')}`)).body, /北京城建（集团）设计有限公司/);
    const both = (await page(`/public/qualifications?q=${enc('北京 二院')}`)).body;
    assert.ok(both.includes(B.name) && !both.includes(A.name));
  });

  test('by 统一社会信用代码: the full code or a prefix of 8 or more, full-width and lower case accepted', async () => {
    const full = (await page(`/public/qualifications?q=${enc(A.id.toLowerCase())}`)).body;
    assert.match(full, /共找到 1 家企业/);
    assert.ok(full.includes(A.name));
    const fullWidth = [...A.id.slice(0, 12)].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const prefix = (await page(`/public/qualifications?q=${enc(fullWidth)}`)).body;
    assert.ok(prefix.includes(A.name), 'a full-width prefix of 12');
    const shared = (await page(`/public/qualifications?q=${A.id.slice(0, 10)}`)).body;
    assert.match(shared, /共找到 4 家企业/, 'every code starting 9111010810');
  });

  test('nothing found says so', async () => {
    assert.match((await page(`/public/qualifications?q=${enc('不存在的企业')}`)).body, /未找到符合条件的企业/);
    assert.match((await page(`/public/qualifications?q=${enc('张结构')}`)).body, /未找到符合条件的企业/, 'engineers are not enterprises');
    const noSuchCode = uscc('99999999');
    assert.match((await page(`/public/qualifications?q=${noSuchCode}`)).body, /未找到符合条件的企业/);
  });

  test('20 a page with a 下一页 link; the next page continues without overlap', async () => {
    const first = (await page(`/public/qualifications?q=${enc('分页测试')}`)).body;
    assert.match(first, /共找到 25 家企业/);
    const names = (html: string) => [...html.matchAll(/>(分页测试企业\d+有限公司)<\/h3>/g)].map((m) => m[1]);
    assert.deepEqual(names(first), PAGED.slice(0, 20).map((e) => e.name));
    const next = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(first)?.[1]?.replace(/&#38;/g, '&');
    assert.ok(next, 'a 下一页 link');
    const second = (await page(next)).body;
    assert.deepEqual(names(second), PAGED.slice(20).map((e) => e.name));
    assert.match(second, /第 2 页/);
    assert.doesNotMatch(second, /rel="next"/);
    assert.match(second, /<a href="\/public\/qualifications\?q=[^"]+">第一页<\/a>/);
  });

  test('bad input: a clear message on the page, status 400, never stored', async () => {
    const cases: Array<[string, RegExp]> = [
      ['勘'.repeat(101), /查询内容不能超过 100 个字/],
      ['勘', /请至少输入企业名称中的两个字/],
      ['9111', /至少前 8 位（已输入 4 位）/],
      [`${A.id.slice(0, 17)}${A.id.endsWith('0') ? '1' : '0'}`, /统一社会信用代码.*有误：统一社会信用代码校验位错误/],
      ['91110108IOSVZ', /含有无效字符：I、O、S、V、Z/],
      [`${A.id}1`, /统一社会信用代码应为 18 位，已输入 19 位/],
    ];
    for (const [q, message] of cases) {
      const res = await page(`/public/qualifications?q=${enc(q)}`, 400);
      assert.match(res.body, message, q);
      assert.match(res.body, /查询条件有误/);
      assert.match(res.body, /aria-invalid="true"/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers.etag, undefined);
    }
    const cursor = await page(`/public/qualifications?q=${enc('勘察')}&cursor=not-a-cursor`, 400);
    assert.match(cursor.body, /翻页参数（cursor）无效/);
  });
});

describe('资质查询: engineers', () => {
  test('found by name and 注册证书号 together: standing, 注册单位, validity, number — never the ID number', async () => {
    const res = await page(`/public/qualifications/engineers?name=${enc('张结构')}&number=s2241100003`);
    assert.match(res.body, /<th scope="row">姓名<\/th><td>张结构<\/td>/);
    assert.match(res.body, /二级注册结构工程师/);
    assert.match(res.body, /S2241100003/);
    assert.match(res.body, /北京示范建筑设计院/);
    assert.match(res.body, /2022-01-01[^]*2027-05-09/);
    assert.match(res.body, /<span class="tag on">有效<\/span>/);
    assert.ok(!res.body.includes('S2241100017') && !res.body.includes('北京另一设计院'), 'the namesake stays hidden');
  });

  test('a name alone, a number alone or a malformed number: 400 with the reason; a wrong name finds nothing', async () => {
    assert.match((await page(`/public/qualifications/engineers?name=${enc('张结构')}`, 400)).body, /请输入注册证书号：注册人员须按姓名和注册证书号一并查询/);
    assert.match((await page('/public/qualifications/engineers?number=S2241100003', 400)).body, /请输入姓名/);
    assert.match((await page(`/public/qualifications/engineers?name=${enc('张结构')}&number=${enc('S22/4')}`, 400)).body, /注册证书号“S22\/4”格式不正确/);
    const wrong = (await page(`/public/qualifications/engineers?name=${enc('张')}&number=S2241100003`)).body;
    assert.match(wrong, /未找到符合条件的注册人员/);
    assert.ok(!wrong.includes('张结构') && !wrong.includes('北京示范建筑设计院'), 'no part of the registration for a partial name');
    const empty = (await page('/public/qualifications/engineers')).body;
    assert.doesNotMatch(empty, /查询结果/);
  });
});

describe('资质查询: caching', () => {
  test('ETag, public max-age=60 and 304; no session cookie', async () => {
    const url = `/public/qualifications?q=${enc('勘察')}`;
    const first = await get(url);
    assert.equal(first.headers['cache-control'], 'public, max-age=60');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"/);
    const again = await get(url, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers['set-cookie'], undefined);
    // Another query is another page.
    assert.notEqual((await get(`/public/qualifications?q=${enc('北京')}`)).headers.etag, etag);
    const engineer = `/public/qualifications/engineers?name=${enc('张结构')}&number=S2241100003`;
    const e = await get(engineer);
    assert.equal((await get(engineer, { 'if-none-match': String(e.headers.etag) })).statusCode, 304);
  });

  test('never stale: a change of the register or of a pending 延续 shows on the very next request', async () => {
    const { db } = t.database;
    const url = `/public/qualifications?q=${enc('勘察')}`;
    const before = await get(url);
    const etag = String(before.headers.etag);
    assert.match(section(before.body, A.name), /工程勘察资质证书/);

    // A certificate and its holdings changed in one transaction: one bump, at commit.
    const v0 = Number(await version());
    await db.transaction().execute(async (tx) => {
      const cert = await tx.selectFrom('registerCertificates').select('id').where('holderId', '=', A.id).where('item', '=', 'survey-b').executeTakeFirstOrThrow();
      await tx.updateTable('registerHoldings').set({ status: 'cancelled', endedOn: '2026-11-27' }).where('certificateId', '=', cert.id).where('code', '=', 'B202B').execute();
      await tx.updateTable('registerCertificates').set({ updatedAt: new Date() }).where('id', '=', cert.id).execute();
    });
    assert.equal(Number(await version()), v0 + 1, 'one bump per transaction');
    const changed = await get(url, { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200, 'the old ETag no longer matches');
    assert.notEqual(changed.headers.etag, etag);
    assert.doesNotMatch(section(changed.body, A.name), /工程勘察工程测量专业乙级/);

    // A draft's 暂存 is no change to the register.
    const draftId = randomUUID();
    await db
      .insertInto('applications')
      .values({ id: draftId, accountId, item: 'design-b', applicationType: 'renew', data: '{}', savedSteps: '[]', status: 'draft', createdAt: new Date(), updatedAt: new Date() })
      .execute();
    await db.updateTable('applications').set({ data: JSON.stringify({ applicant: { uscc: A.id } }), updatedAt: new Date() }).where('id', '=', draftId).execute();
    const v1 = await version();
    assert.equal((await get(url, { 'if-none-match': String(changed.headers.etag) })).statusCode, 304, 'a draft changes nothing');

    // The 延续 closes undecided (e.g. withdrawn): C's certificate is simply expired now.
    assert.match(section(changed.body, C.name), /视为准予延续/);
    await db.updateTable('applications').set({ status: 'closed', isOpen: false, updatedAt: new Date() }).where('id', '=', renewalId).execute();
    assert.notEqual(await version(), v1);
    const closed = await get(url, { 'if-none-match': String(changed.headers.etag) });
    assert.equal(closed.statusCode, 200);
    assert.match(section(closed.body, C.name), /<span class="tag off">已过期<\/span>/);

    // A new enterprise in the register.
    await grantCertificate(db, { item: 'survey-b', holderId: uscc('10000005'), holderName: '北京新勘察有限公司', codes: ['B201B'], validUntil: '2031-01-01' });
    assert.match((await get(url)).body, /北京新勘察有限公司/);
  });

  test('midnight in Shanghai: the last day of validity is 有效, the next day 已过期, under another ETag', async () => {
    const { db } = t.database;
    await grantCertificate(db, { item: 'design-b', holderId: uscc('10000006'), holderName: '北京午夜设计有限公司', codes: ['A31701B'], validUntil: '2026-11-27' });
    const url = `/public/qualifications?q=${enc('午夜')}`;
    t.clock.set(new Date('2026-11-27T15:59:59Z'));
    const lastDay = await get(url);
    assert.match(lastDay.body, /<span class="tag on">有效<\/span>/);
    t.clock.set(new Date('2026-11-27T16:00:00Z'));
    const nextDay = await get(url, { 'if-none-match': String(lastDay.headers.etag) });
    assert.equal(nextDay.statusCode, 200);
    assert.match(nextDay.body, /<span class="tag off">已过期<\/span>/);
    t.clock.set(new Date('2026-11-27T02:00:00Z'));
  });

  test('no page of this file shows an ID number or sets a cookie', () => {
    assert.ok(seen.length > 20);
    for (const { url, body, cookie } of seen) {
      assert.ok(!body.includes(ID_NUMBER) && !body.includes(OTHER_ID_NUMBER), `${url} shows an ID number`);
      assert.ok(!body.includes(ID_NUMBER.slice(0, 6) + '*'), `${url} shows a masked ID number`);
      assert.equal(cookie, undefined, url);
    }
  });
});
