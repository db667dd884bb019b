import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { approveFullReview, noticeAndAnnounce, reloginApplicant, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal, newBrowser } from '../../../test/support/flows.ts';
import { pdfPagesPng, pdfQrText, pdfText as layoutText, popplerMissing } from '../../../test/support/pdf.ts';

let t: TestApp;
let desk: StaffDesk;
const skip = popplerMissing();
/** The PDF's text with line breaks and spacing dropped: phrases wrap across lines in the layout. */
const pdfText = (bytes: Buffer) => layoutText(bytes).replace(/\s+/g, '');
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t.close());

async function applicantName(id: string): Promise<string> {
  const row = await t.database.db.selectFrom('applications').select('data').where('id', '=', id).executeTakeFirstOrThrow();
  const applicant = (row.data as Record<string, Record<string, string>>).applicant!;
  return applicant.orgName ?? applicant.applicantName!;
}

async function track(api: ApplicantApi, id: string) {
  const res = await api.call('GET', `/api/progress/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function download(api: ApplicantApi, url: string) {
  const res = await api.browser.request('GET', url);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return res.rawPayload;
}

const verifyPage = (code: string) => t.app.inject({ method: 'GET', url: `/verify/${encodeURIComponent(code)}` });
/** Visible text of a server-rendered page, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('受理通知书', { skip }, () => {
  test('issued on 受理: numbered, stored once, the text names the case, the QR code opens its verification page', async () => {
    const { applicant, id, number } = await submittedCase(t, 'survey-b', 'first');
    assert.deepEqual((await track(applicant, id)).documents, [], 'nothing issued before 受理');
    await desk.act('acceptor', id, 'accept');

    const view = await track(applicant, id);
    assert.equal(view.documents.length, 1);
    const doc = view.documents[0];
    assert.equal(doc.title, '受理通知书');
    assert.match(doc.number, /^京规自勘设受〔2026〕\d+号$/);
    const list = (await applicant.call('GET', '/api/progress')).json().cases;
    const row = list.find((c: { id: string }) => c.id === id);
    assert.equal(row.statusText, '已受理，审查中');
    assert.ok(row.actions.some((a: { key: string; documentId?: string }) => a.key === 'acceptance' && a.documentId === doc.id), '下载受理单 offered');
    assert.equal(row.deadline.limitDays, 20);

    const url = `/api/progress/${id}/documents/${doc.id}`;
    const first = await download(applicant, url);
    const second = await download(applicant, url);
    assert.ok(first.equals(second), 'the same bytes on every download');
    const stored = await t.database.db.selectFrom('issuedDocuments').select(['sha256', 'size']).where('id', '=', doc.id).executeTakeFirstOrThrow();
    assert.equal(stored.sha256, createHash('sha256').update(first).digest('hex'), 'hash recorded');

    const text = pdfText(first);
    for (const expected of ['北京市规划和自然资源委员会', '受理通知书', doc.number, number, await applicantName(id), '决定予以受理', '建设工程勘察企业资质认定（乙级）', doc.verificationCode]) {
      assert.ok(text.includes(expected), `受理通知书 shows ${expected}\n${text}`);
    }
    assert.match(text, /已收到的申请材料/);
    assert.match(text, /预计办结日期2026年12月\d+日/);

    const qr = pdfQrText(first, 'acceptance');
    assert.equal(qr, `${TEST_PUBLIC_URL}/verify/${doc.verificationCode}`);
    const page = await verifyPage(doc.verificationCode);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /真实有效/);
    assert.ok(page.body.includes(doc.number));
    // Typed in lower case without hyphens, the code still verifies.
    assert.equal((await verifyPage(doc.verificationCode.toLowerCase().replace(/-/g, ''))).statusCode, 200);

    // Staff download the same document; another applicant cannot.
    const staff = await desk.member('reviewer');
    const staffBytes = await download(staff, `/api/staff/cases/${id}/documents/${doc.id}`);
    assert.ok(staffBytes.equals(first));
    const other = await submittedCase(t, 'design-b', 'first');
    assert.equal((await other.applicant.call('GET', url)).statusCode, 404);
    assert.equal((await other.applicant.call('GET', `/api/progress/${id}`)).statusCode, 404);
    assert.equal((await new ApplicantApi(t, newBrowser(t)).call('GET', url)).statusCode, 401);
  });

  test('accepted in mid-December: the due date skips 元旦 2027 and is marked provisional until the 2027 notice is entered', async () => {
    t.clock.set(new Date('2026-12-15T02:00:00Z'));
    desk.reset();
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept');
    const view = await track(applicant, id);
    assert.equal(view.deadline.due, '2027-01-13', 'weekends and the statutory 元旦 do not count');
    assert.deepEqual(view.deadline.unpublishedYears, [2027]);
    const text = pdfText(await download(applicant, `/api/progress/${id}/documents/${view.documents[0].id}`));
    assert.match(text, /预计办结日期2027年1月13日（暂定：2027年放假安排尚未公布，按法定节假日推算，以办事进度显示为准）/);
    const staffView = (await (await desk.member('reviewer')).call('GET', `/api/staff/cases/${id}`)).json();
    assert.deepEqual(staffView.caseDeadline.unpublishedYears, [2027], 'the case page says so too');
  });

  test('a forged or unknown code shows 未找到', async () => {
    for (const code of ['ABCD-EFGH-JKLM-NPQR', 'not-a-code', '<script>alert(1)</script>']) {
      const res = await verifyPage(code);
      assert.equal(res.statusCode, 404, code);
      assert.match(textOf(res.body), /未找到/);
      assert.ok(!res.body.includes('<script>alert(1)</script>'), 'the code is shown escaped');
    }
  });
});

describe('补正 and 不予受理 notices', { skip }, () => {
  test('补正材料通知书 lists exactly what to correct; 不予受理通知书 gives the reason and the remedies', async () => {
    const a = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', a.id, 'request-correction', { opinion: '申请表缺少法定代表人签字页', correctionItems: ['attachments.applicationForm', 'applicant.postalCode'] });
    const correction = (await track(a.applicant, a.id)).documents[0];
    assert.equal(correction.title, '补正材料通知书');
    const correctionBytes = await download(a.applicant, `/api/progress/${a.id}/documents/${correction.id}`);
    pdfPagesPng(correctionBytes, 'correction');
    const text = pdfText(correctionBytes);
    assert.match(text, /一次性告知需要补正的全部内容/);
    assert.match(text, /附件“申请表”/);
    assert.match(text, /“申请单位信息：邮政编码”|申请单位.*邮政编码/);
    assert.match(text, /申请表缺少法定代表人签字页/);

    const b = await submittedCase(t, 'design-b', 'first');
    await desk.act('acceptor', b.id, 'reject', { opinion: '申请事项不属于本机关职权范围，请向住房和城乡建设部申请' });
    const refusal = (await track(b.applicant, b.id)).documents[0];
    assert.equal(refusal.title, '不予受理通知书');
    const refusalBytes = await download(b.applicant, `/api/progress/${b.id}/documents/${refusal.id}`);
    pdfPagesPng(refusalBytes, 'not-accepted');
    const refusalText = pdfText(refusalBytes);
    assert.match(refusalText, /不属于本机关职权范围/);
    assert.match(refusalText, /六十日内向北京市人民政府申请行政复议/);
    assert.match(refusalText, /六个月内/);
  });
});

describe('results and certificates', { skip }, () => {
  test('首次申请 approved: 决定书 then 资质证书; 结果领取 by post recorded; a later 注销 shows the certificate 已注销', async () => {
    const submitted = await submittedCase(t, 'survey-b', 'first');
    const { id } = submitted;
    await approveFullReview(desk, id);
    const applicant = await reloginApplicant(t, submitted.login);
    const view = await track(applicant, id);
    assert.equal(view.statusText, '已办结，准予许可，请领取结果');
    assert.deepEqual(
      view.documents.map((d: { title: string }) => d.title),
      ['受理通知书', '特别程序告知书', '准予行政许可决定书', '工程勘察资质证书'],
    );
    assert.deepEqual(
      view.track.nodes.map((n: { status: string }) => n.status),
      view.track.nodes.map(() => 'done'),
    );
    assert.equal(view.track.end.status, 'reached');
    const byKind = (kind: string) => view.documents.find((d: { kind: string }) => d.kind === kind);
    const cert = byKind('qualification-certificate');
    // National coding: B, level 2 (省级), province 11, serial, check digit — never read as a ministry number.
    assert.match(cert.number, /^B211\d{6}$/);
    const decision = await download(applicant, `/api/progress/${id}/documents/${byKind('approval').id}`);
    pdfPagesPng(decision, 'approval');
    assert.match(pdfText(decision), /决定准予行政许可/);
    const certBytes = await download(applicant, `/api/progress/${id}/documents/${cert.id}`);
    const text = pdfText(certBytes);
    for (const expected of ['工程勘察资质证书', cert.number, await applicantName(id), '工程勘察', '法定代表人陈法人', '发证机关北京市规划和自然资源委员会']) {
      assert.ok(text.includes(expected), `资质证书 shows ${expected}\n${text}`);
    }
    // Five years from the day of issue (the test clock stands after the 公示 period now).
    const [, from, until] = text.match(/有效期(\d{4}年\d+月\d+日)至(\d{4}年\d+月\d+日)/) ?? [];
    assert.ok(from && until, text);
    assert.equal(Number(until!.slice(0, 4)) - Number(from!.slice(0, 4)), 5);
    assert.ok(text.includes(`发证日期${from}`), 'issued the day validity starts');
    assert.ok(!text.includes('—2—'), 'one page');
    assert.equal(pdfQrText(certBytes, 'qualification-certificate'), `${TEST_PUBLIC_URL}/verify/${cert.verificationCode}`);
    assert.match(textOf((await verifyPage(cert.verificationCode)).body), /真实有效.*证书当前有效/);

    // 结果领取: by post needs an address; then it is recorded with the case.
    const bad = await applicant.call('PUT', `/api/progress/${id}/collection`, { method: 'post', recipient: '刘经办', phone: '13800000001' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'COLLECTION_INVALID');
    assert.match(bad.json().error.message, /邮寄地址/);
    // Printed on the envelope: names and addresses follow the character rules (identifiers/names.ts).
    const markup = await applicant.call('PUT', `/api/progress/${id}/collection`, { method: 'post', recipient: '刘经办<b>', phone: '13800000001', address: '北京市\u202E区', postalCode: '100044' });
    assert.equal(markup.statusCode, 400, markup.body);
    assert.deepEqual(markup.json().error.fieldErrors, [
      { path: 'recipient', message: '领取人姓名含有不允许的字符“<”“>”，请按身份证件填写姓名' },
      { path: 'address', message: '邮寄地址含有不可见的文字方向控制符（U+202E），请删除后重新输入' },
    ]);
    const ok = await applicant.call('PUT', `/api/progress/${id}/collection`, {
      method: 'post',
      recipient: '刘经办',
      phone: '13800000001',
      address: '北京市西城区示范路1号',
      postalCode: '100044',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().collection.method, 'post');
    assert.equal((await track(applicant, id)).collection.address, '北京市西城区示范路1号');

    // The same enterprise later cancels its qualification: the certificate is revoked.
    const cancel = applicant;
    const draft = await cancel.completeDraft('survey-b', 'cancel');
    assert.equal((await cancel.call('POST', `/api/applications/${draft.id}/submit`)).statusCode, 200);
    await desk.act('acceptor', draft.id, 'accept');
    await desk.act('reviewer', draft.id, 'pass');
    // A single case cannot skip the 公告 batch.
    const single = await (await desk.member('publisher')).call('POST', `/api/staff/cases/${draft.id}/actions`, { action: 'publish', version: 4 });
    assert.equal(single.statusCode, 409);
    assert.match(single.json().error.message, /公告管理中选入批次发布/);
    await desk.publish('announcement', [draft.id]);
    const cancelled = await track(cancel, draft.id);
    assert.deepEqual(cancelled.documents.map((d: { title: string }) => d.title), ['受理通知书', '准予注销决定书']);
    pdfPagesPng(await download(cancel, `/api/progress/${draft.id}/documents/${cancelled.documents[1].id}`), 'cancellation');
    const page = textOf((await verifyPage(cert.verificationCode)).body);
    assert.match(page, /已注销/);
    assert.doesNotMatch(page, /真实有效/);
    assert.equal((await track(applicant, id)).documents.find((d: { id: string }) => d.id === cert.id).status, 'revoked');
  });

  test("an engineer's 注册证书: the verification page masks the name and never shows the ID number", async () => {
    const submitted = await submittedCase(t, 'struct-eng-2', 'initial');
    const { id } = submitted;
    await desk.act('acceptor', id, 'accept');
    await desk.act('reviewer', id, 'pass');
    await noticeAndAnnounce(desk, id);
    const applicant = await reloginApplicant(t, submitted.login);
    const view = await track(applicant, id);
    assert.deepEqual(view.documents.map((d: { title: string }) => d.title), ['受理通知书', '特别程序告知书', '准予注册决定书', '注册证书']);
    const cert = view.documents[3];
    const data = (await t.database.db.selectFrom('applications').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data as Record<string, Record<string, string>>;
    const idNumber = data.applicant!.idNumber!;
    const name = data.applicant!.applicantName!;
    const page = (await verifyPage(cert.verificationCode)).body;
    assert.ok(!page.includes(idNumber), 'no ID number on the public page');
    assert.ok(!page.includes(idNumber.slice(6, 14)), 'not even the birth date');
    assert.ok(!page.includes(name), 'the full name of a natural person is not public');
    assert.ok(page.includes(`${[...name][0]}*`), 'the surname with the rest masked');
    const certBytes = await download(applicant, `/api/progress/${id}/documents/${cert.id}`);
    pdfPagesPng(certBytes, 'registration-certificate');
    const text = pdfText(certBytes);
    assert.ok(!text.includes(idNumber), 'the certificate masks the ID number too');
    assert.ok(text.includes(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`));
  });

  test('资质证书 numbers carry no year, so they keep counting across New Year instead of starting again', async () => {
    const numbers: string[] = [];
    for (const at of ['2026-12-01T02:00:00Z', '2027-01-06T02:00:00Z']) {
      t.clock.set(new Date(at));
      desk.reset();
      const { id } = await submittedCase(t, 'survey-b', 'first');
      await approveFullReview(desk, id);
      const cert = await t.database.db.selectFrom('issuedDocuments').select('number').where('applicationId', '=', id).where('kind', '=', 'qualification-certificate').executeTakeFirstOrThrow();
      numbers.push(cert.number);
    }
    assert.equal(new Set(numbers).size, 2, `distinct numbers: ${numbers.join(', ')}`);
    assert.ok(numbers.every((n) => /^B211\d{6}$/.test(n)));
  });

  test('外埠备案: 备案证明 on 已备案', async () => {
    const { applicant, id } = await submittedCase(t, 'nonlocal-filing', 'filing');
    await desk.act('acceptor', id, 'accept');
    await desk.act('reviewer', id, 'pass');
    const view = await track(applicant, id);
    assert.deepEqual(view.documents.map((d: { title: string }) => d.title), ['受理通知书', '备案证明']);
    const filingBytes = await download(applicant, `/api/progress/${id}/documents/${view.documents[1].id}`);
    pdfPagesPng(filingBytes, 'filing-certificate');
    const text = pdfText(filingBytes);
    assert.match(text, /备案证明/);
    assert.ok(text.includes(await applicantName(id)));
    assert.match(text, /工程设计建筑行业（建筑工程）甲级（A113000001/);
    assert.ok(view.actions.some((a: { key: string }) => a.key === 'collect'), '结果领取 offered');
  });
});

describe('流程跟踪 and messages', () => {
  test('the applicant sees opinions meant for it, never the staff remark; every status change is a message with an SMS in the outbox', async () => {
    const { applicant, id, number } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept', { opinion: '材料齐全', remark: '内部：申请表第3页复印不清，已电话提醒' });
    const view = await track(applicant, id);
    assert.equal(view.workflow.name, 'full-review');
    assert.deepEqual(
      view.steps.map((s: { nodeLabel: string; actionLabel: string; opinion: string | null }) => `${s.nodeLabel}/${s.actionLabel}/${s.opinion ?? ''}`),
      ['提交/提交申请/', '受理/受理/材料齐全'],
    );
    assert.ok(!JSON.stringify(view).includes('内部'), 'staff remark hidden from the applicant');
    const staffView = (await (await desk.member('reviewer')).call('GET', `/api/staff/cases/${id}`)).json();
    assert.ok(staffView.history.some((h: { remark: string | null }) => h.remark?.includes('内部')), 'staff see the remark');

    const messages = (await applicant.call('GET', '/api/notifications')).json();
    const mine = messages.items.filter((m: { number: string }) => m.number === number);
    assert.deepEqual(
      mine.map((m: { title: string }) => m.title),
      [`申报编号${number}：审查`, `申报编号${number}：申请已提交`],
    );
    assert.ok(messages.unread >= 2);
    const before = (await applicant.call('GET', '/api/notifications/unread-count')).json().unread;
    const read = await applicant.call('POST', '/api/notifications/read', { ids: [mine[0].id] });
    assert.equal(read.json().unread, before - 1);
    // Another account cannot mark it (nor see it).
    const other = await submittedCase(t, 'design-b', 'first');
    const otherMessages = (await other.applicant.call('GET', '/api/notifications')).json();
    assert.ok(otherMessages.items.every((m: { number: string }) => m.number !== number));

    const sms = await t.database.db.selectFrom('outbox').select(['channel', 'recipient', 'body', 'status']).where('body', 'like', `%${number}%`).execute();
    assert.ok(sms.length >= 2 && sms.every((r) => r.channel === 'sms' && r.recipient === '13800000001' && r.status === 'pending'), JSON.stringify(sms));
    assert.equal(
      (await t.database.db.selectFrom('outbox').select('id').where('channel', '=', 'email').execute()).length,
      0,
      'no email queued while SMTP is not configured',
    );
  });

  test('a refused staff action writes no document, no message and no outbox row', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    const staff = await desk.member('acceptor');
    const version = (await staff.call('GET', `/api/staff/cases/${id}`)).json().version;
    const count = async () =>
      Promise.all([
        t.database.db.selectFrom('issuedDocuments').select('id').where('applicationId', '=', id).execute(),
        t.database.db.selectFrom('notifications').select('id').where('applicationId', '=', id).execute(),
        t.database.db.selectFrom('outbox').select('id').execute(),
      ]).then((r) => r.map((x) => x.length));
    const before = await count();
    const res = await staff.call('POST', `/api/staff/cases/${id}/actions`, { action: 'reject', version });
    assert.equal(res.statusCode, 400, 'no opinion');
    assert.deepEqual(await count(), before);
    assert.equal((await track(applicant, id)).documents.length, 0);
  });
});

describe('办事进度 of an enterprise with several cases', () => {
  test('each case shows its own status and deadline, the same as its 流程跟踪', async () => {
    desk.reset(); // earlier tests move the clock past the staff sessions' idle limit
    const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const ids: Record<string, string> = {};
    for (const [item, type] of [['survey-b', 'first'], ['design-b', 'first'], ['nonlocal-filing', 'filing']] as const) {
      const draft = await applicant.completeDraft(item, type);
      const res = await applicant.call('POST', `/api/applications/${draft.id}/submit`);
      assert.equal(res.statusCode, 200, res.body);
      ids[item] = draft.id as string;
    }
    await desk.act('acceptor', ids['survey-b']!, 'accept');
    await desk.act('acceptor', ids['nonlocal-filing']!, 'accept');

    const list = (await applicant.call('GET', '/api/progress')).json().cases as Array<{ id: string; statusText: string; deadline: { limitDays: number; due: string } | null }>;
    assert.equal(list.length, 3);
    const row = (id: string) => list.find((c) => c.id === id)!;
    // The decision limit runs from 受理: 20 working days for a licence, 5 for a filing; none before 受理.
    assert.equal(row(ids['survey-b']!).deadline?.limitDays, 20);
    assert.equal(row(ids['nonlocal-filing']!).deadline?.limitDays, 5);
    assert.equal(row(ids['design-b']!).deadline, null);
    assert.equal(row(ids['survey-b']!).statusText, '已受理，审查中');
    for (const id of Object.values(ids)) {
      const track = (await applicant.call('GET', `/api/progress/${id}`)).json();
      assert.deepEqual(row(id).deadline, track.deadline, `the list and 流程跟踪 agree for ${id}`);
      assert.equal(row(id).statusText, track.statusText);
    }
  });
});
