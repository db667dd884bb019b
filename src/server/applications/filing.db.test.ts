/**
 * 外埠企业进京从事勘察设计活动备案 is a filing: 予以备案 or 退回补正 (never 不予备案), no 公示/公告, and
 * only for enterprises registered outside 北京, in the 行政所属区划 their USCC names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal, validUscc } from '../../../test/support/flows.ts';

let t: TestApp;
let desk: StaffDesk;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t.close());

const ITEM = 'nonlocal-filing';
const BEIJING_MESSAGE = (uscc: string) => `统一社会信用代码${uscc}的登记管理机关行政区划码110108属于北京市，北京市企业无需办理外埠企业进京备案`;

async function staffCase(id: string) {
  const reviewer = await desk.member('reviewer');
  return (await reviewer.call('GET', `/api/staff/cases/${id}`)).json();
}

async function track(api: ApplicantApi, id: string) {
  const res = await api.call('GET', `/api/progress/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function applicationsOf(accountId: string): Promise<number> {
  const rows = await t.database.db.selectFrom('applications').select('id').where('accountId', '=', accountId).execute();
  return rows.length;
}

describe('外埠备案: 核对 files or returns for 补正', () => {
  test('at 核对 the reviewer may 予以备案, 退回补正 or 退回受理 — not 不予备案', async () => {
    const { id } = await submittedCase(t, ITEM, 'filing');
    await desk.act('acceptor', id, 'accept');
    const c = await staffCase(id);
    assert.equal(c.state.nodeLabel, '核对');
    assert.deepEqual(
      c.actions.map((a: { key: string; label: string; negative: boolean; requestsCorrection: boolean }) => [a.key, a.label, a.negative, a.requestsCorrection]),
      [
        ['pass', '予以备案', false, false],
        ['request-correction', '退回补正', true, true],
        ['return', '退回受理', true, false],
      ],
    );
    assert.ok(!JSON.stringify(c.actions).includes('不予备案'));
    const reviewer = await desk.member('reviewer');
    const refused = await reviewer.call('POST', `/api/staff/cases/${id}/actions`, { action: 'fail', version: c.version, opinion: '不符合' });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.json().error.message, /「核对」环节不能办理该操作（fail）/);
    assert.equal((await staffCase(id)).state.node, 'review', 'nothing happened');
  });

  test('退回补正 → the applicant corrects and resubmits → 受理 → 予以备案 issues the 备案证明', async () => {
    const { applicant, id } = await submittedCase(t, ITEM, 'filing');
    await desk.act('acceptor', id, 'accept');
    const asked = await desk.act('reviewer', id, 'request-correction', {
      opinion: '在本地承揽业务负责人的任命书未加盖企业公章，请盖章后重新上传。',
      correctionItems: ['attachments.localManagerAppointment'],
    });
    assert.equal(asked.state.node, 'correction');

    // The 补正 notice lists what is missing; the case waits for the applicant, its clock stopped.
    let view = await track(applicant, id);
    assert.equal(view.status, 'correction');
    assert.deepEqual(view.correction.items, ['attachments.localManagerAppointment']);
    assert.match(view.correction.message, /未加盖企业公章/);
    assert.equal(view.deadline.paused, true);
    assert.ok(view.documents.some((d: { title: string }) => d.title === '补正材料通知书'), JSON.stringify(view.documents));
    assert.deepEqual(view.workflow.publishes, { notice: false, announcement: false }, 'no 公示/公告 tabs for a filing');

    // Only the reopened slot may change; then resubmit.
    assert.equal((await applicant.upload(id, 'integrityPledge', fixturePdf('valid-1-page.pdf'))).statusCode, 409);
    const replaced = await applicant.upload(id, 'localManagerAppointment', fixturePdf('valid-3-pages.pdf'));
    assert.equal(replaced.statusCode, 200, replaced.body);
    const back = await applicant.call('POST', `/api/applications/${id}/resubmit`, { version: replaced.json().version });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().status, 'submitted');

    // The corrected filing is checked at 受理 again, then filed.
    await desk.act('acceptor', id, 'accept');
    const done = await desk.act('reviewer', id, 'pass');
    assert.deepEqual(done.state, { status: 'ended', end: 'end:filed', endLabel: '已备案' });
    assert.deepEqual(
      done.history.map((h: { nodeLabel: string; actionLabel: string }) => `${h.nodeLabel}:${h.actionLabel}`),
      ['提交:提交申请', '受理:受理', '核对:退回补正', '补正:重新提交', '受理:受理', '核对:予以备案'],
    );

    view = await track(applicant, id);
    assert.equal(view.status, 'closed');
    assert.equal(view.statusText, '已办结，备案完成，请领取备案证明');
    assert.ok(view.documents.some((d: { title: string; status: string }) => d.title === '备案证明' && d.status === 'valid'), JSON.stringify(view.documents));
    assert.ok(view.canCollect);
    assert.equal(view.track.end.label, '已备案');
    assert.ok(!view.track.nodes.some((n: { label: string }) => /公示|公告/.test(n.label)));
  });

  test('a licence case still has its 公示 and 公告 tabs', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    assert.deepEqual((await track(applicant, id)).workflow.publishes, { notice: true, announcement: true });
  });
});

describe('外埠备案: only enterprises registered outside 北京', () => {
  test('a 北京 USCC is told why at the wizard start, and nothing is created', async () => {
    const uscc = validUscc('110108');
    const { browser, account } = await loggedInLegal(t, { uscc });
    const api = new ApplicantApi(t, browser);

    const start = await api.call('GET', `/api/items/${ITEM}/start`);
    assert.equal(start.statusCode, 422, start.body);
    assert.equal(start.json().error.code, 'APPLICANT_NOT_ELIGIBLE');
    assert.equal(start.json().error.message, BEIJING_MESSAGE(uscc));
    assert.deepEqual(start.json().error.fieldErrors, [{ path: 'applicant.uscc', message: BEIJING_MESSAGE(uscc) }]);

    const values = { ...sampleApplication(ITEM, 'filing').applicant, region: '110108' };
    const created = await api.call('POST', '/api/applications', { item: ITEM, values });
    assert.equal(created.statusCode, 422, created.body);
    assert.equal(created.json().error.message, BEIJING_MESSAGE(uscc));
    assert.equal(await applicationsOf(account!.id), 0, 'no draft');

    // The same enterprise may apply for its own 北京 qualifications.
    assert.equal((await api.call('GET', '/api/items/survey-b/start')).statusCode, 200);
  });

  test('a 北京 enterprise holding an older draft cannot save or submit it', async () => {
    const { browser, account } = await loggedInLegal(t);
    const api = new ApplicantApi(t, browser);
    const draft = await api.completeDraft(ITEM, 'filing');
    // The identity service now reports a 北京 registration (e.g. the firm moved to 北京).
    const uscc = validUscc('110108');
    await t.database.db.updateTable('accounts').set({ profile: sql`profile || ${JSON.stringify({ uscc })}::jsonb` }).where('id', '=', account!.id).execute();
    const saved = await api.call('PUT', `/api/applications/${draft.id}/steps/content`, { version: draft.version, values: sampleApplication(ITEM, 'filing').content });
    assert.equal(saved.statusCode, 422, saved.body);
    assert.equal(saved.json().error.message, BEIJING_MESSAGE(uscc));
    const submitted = await api.call('POST', `/api/applications/${draft.id}/submit`);
    assert.equal(submitted.statusCode, 422, submitted.body);
    assert.equal((await api.call('GET', `/api/applications/${draft.id}`)).json().status, 'draft');
  });

  test('行政所属区划 outside the USCC’s prefecture is a field error on 暂存 and on submission', async () => {
    const { browser, form } = await loggedInLegal(t);
    assert.match(form.uscc!, /^91130102/, 'test enterprises are registered in 河北省石家庄市长安区');
    const api = new ApplicantApi(t, browser);
    const values = { ...sampleApplication(ITEM, 'filing').applicant, region: '120101' };
    const expected = `行政所属区划天津市和平区（120101）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划`;

    const created = await api.call('POST', '/api/applications', { item: ITEM, values });
    assert.equal(created.statusCode, 400, created.body);
    assert.deepEqual(created.json().error.fieldErrors, [{ path: 'region', message: expected }]);

    // Another county of 石家庄 is fine: counties are not compared.
    const draft = await api.completeDraft(ITEM, 'filing', { region: '130105' });
    // A draft stored before the rule (or edited elsewhere) is checked again on submission.
    await t.database.db
      .updateTable('applications')
      .set({ data: sql`jsonb_set(data, '{applicant,region}', '"120101"')` })
      .where('id', '=', draft.id)
      .execute();
    const submitted = await api.call('POST', `/api/applications/${draft.id}/submit`);
    assert.equal(submitted.statusCode, 400, submitted.body);
    assert.equal(submitted.json().error.code, 'APPLICATION_INCOMPLETE');
    assert.deepEqual(submitted.json().error.fieldErrors, [{ path: 'applicant.region', message: expected }]);
    assert.equal((await api.call('GET', `/api/applications/${draft.id}`)).json().status, 'draft');
  });
});
