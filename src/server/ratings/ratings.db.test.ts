import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, withTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { reloginApplicant, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { assertChineseError } from '../../../test/support/security.ts';
import { loggedInStaff, loggedInStaffAgain, newStaff } from '../../../test/support/staff.ts';
import { createCalendarService } from '../calendar/calendar.service.ts';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const withoutRequestId = (body: string) => body.replace(/"requestId":"[^"]*"/g, '');

/** A case the acceptor refused (不予受理): the quickest end. */
async function refusedCase(t: TestApp, desk: StaffDesk, item: 'survey-b' | 'design-b' = 'survey-b') {
  const c = await submittedCase(t, item, 'first');
  await desk.act('acceptor', c.id, 'reject', { opinion: '申请材料不齐全，不予受理。' });
  return c;
}

const rate = (api: ApplicantApi, id: string, body: Record<string, unknown>) => api.call('POST', `/api/progress/${id}/rating`, body);
const ratingRows = (t: TestApp, id: string) => t.database.db.selectFrom('serviceRatings').selectAll().where('applicationId', '=', id).execute();

describe('rating a case', () => {
  let t: TestApp;
  let desk: StaffDesk;
  before(async () => {
    t = await buildTestApp();
    desk = new StaffDesk(t);
  });
  after(() => t.close());

  test('only the owner, only once the case ended; a second rating is refused and the first stays', async () => {
    const a = await submittedCase(t, 'survey-b', 'first');
    const open = await rate(a.applicant, a.id, { level: 'satisfied' });
    assert.equal(open.statusCode, 409, open.body);
    assert.match(assertChineseError(open, 'open case', 'RATING_CASE_OPEN').message, /尚未办结/);
    assert.equal((await a.applicant.call('GET', `/api/progress/${a.id}/rating`)).json().state, 'not-ended');

    await desk.act('acceptor', a.id, 'reject', { opinion: '申请材料不齐全，不予受理。' });
    const view = (await a.applicant.call('GET', `/api/progress/${a.id}/rating`)).json();
    assert.equal(view.state, 'ratable');
    assert.deepEqual((await a.applicant.call('GET', '/api/ratings/mine')).json().cases, [{ applicationId: a.id, rated: false, level: null, levelLabel: null, rectification: null }]);

    // Anyone else's answer for A's case is the answer for a case that does not exist.
    const other = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const acceptor = await desk.member('acceptor');
    for (const [who, api] of [['another applicant', other], ['staff', acceptor]] as const) {
      for (const [method, body] of [['GET', undefined], ['POST', { level: 'very-dissatisfied' }]] as const) {
        const res = await api.call(method, `/api/progress/${a.id}/rating`, body);
        const ghost = await api.call(method, `/api/progress/${NO_SUCH_ID}/rating`, body);
        assert.equal(res.statusCode, 404, `${who} ${method}: ${res.body}`);
        assert.equal(withoutRequestId(res.body), withoutRequestId(ghost.body), `${who} ${method}`);
        assert.ok(!res.body.includes(a.number));
      }
    }
    assert.deepEqual((await other.call('GET', '/api/ratings/mine')).json().cases, [], 'B lists nothing of A');
    assert.deepEqual(await ratingRows(t, a.id), []);

    // Bad input names the field.
    const long = await rate(a.applicant, a.id, { level: 'satisfied', comment: '好'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.match(assertChineseError(long, 'long comment', 'REQUEST_INVALID').message, /comment.*500/);
    const unknown = await rate(a.applicant, a.id, { level: 'great' });
    assert.equal(unknown.statusCode, 400);
    assert.match(assertChineseError(unknown, 'unknown level', 'REQUEST_INVALID').message, /level/);

    const first = await rate(a.applicant, a.id, { level: 'satisfied', comment: '  办理高效，告知清楚。 ' });
    assert.equal(first.statusCode, 201, first.body);
    const rated = first.json();
    assert.equal(rated.state, 'rated');
    assert.deepEqual({ ...rated.rating, ratedAt: undefined }, { level: 'satisfied', levelLabel: '满意', comment: '办理高效，告知清楚。', ratedAt: undefined });
    assert.equal(rated.rectification, null, 'a good rating opens no 整改');

    const again = await rate(a.applicant, a.id, { level: 'very-dissatisfied', comment: '改主意了' });
    assert.equal(again.statusCode, 409);
    assert.match(assertChineseError(again, 'second rating', 'RATING_ALREADY_GIVEN').message, /已评价.*不可修改/);
    const rows = await ratingRows(t, a.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.level, 'satisfied');
    assert.equal(rows[0]!.comment, '办理高效，告知清楚。');
    assert.equal(rows[0]!.outcome, 'not-accepted');
    assert.equal(await t.database.db.selectFrom('ratingRectifications').select('id').where('ratingId', '=', rows[0]!.id).executeTakeFirst(), undefined);

    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'rating.submit').where('objectId', '=', a.id).execute();
    assert.equal(audit.length, 1, 'one audit row: the refused second rating wrote none');
    assert.equal(audit[0]!.actorAccountId, rows[0]!.accountId);
    assert.deepEqual((await a.applicant.call('GET', '/api/ratings/mine')).json().cases, [{ applicationId: a.id, rated: true, level: 'satisfied', levelLabel: '满意', rectification: null }]);
  });

  test('a withdrawn case is not rated', async () => {
    const w = await submittedCase(t, 'survey-b', 'first');
    // No applicant route withdraws yet: end the case as the engine's 撤回 would.
    await t.database.db.updateTable('applications').set({ status: 'closed', isOpen: false, node: null, outcome: 'withdrawn' }).where('id', '=', w.id).execute();
    const res = await rate(w.applicant, w.id, { level: 'satisfied' });
    assert.equal(res.statusCode, 409);
    assert.match(assertChineseError(res, 'withdrawn', 'RATING_CASE_WITHDRAWN').message, /撤回/);
    assert.equal((await w.applicant.call('GET', `/api/progress/${w.id}/rating`)).json().state, 'excluded');
    assert.deepEqual((await w.applicant.call('GET', '/api/ratings/mine')).json().cases, []);
    assert.deepEqual(await ratingRows(t, w.id), []);
  });

  test('the database refuses to change or delete a rating, whoever asks', async () => {
    const c = await refusedCase(t, desk);
    assert.equal((await rate(c.applicant, c.id, { level: 'basically-satisfied' })).statusCode, 201);
    const db = t.database.db;
    await assert.rejects(sql`update service_ratings set level = 'very-satisfied' where application_id = ${c.id}`.execute(db), /append-only/);
    await assert.rejects(sql`update service_ratings set comment = '篡改' where application_id = ${c.id}`.execute(db), /append-only/);
    await assert.rejects(sql`delete from service_ratings where application_id = ${c.id}`.execute(db), /append-only/);
    await assert.rejects(sql`truncate service_ratings cascade`.execute(db), /append-only/);
    await assert.rejects(
      db.insertInto('serviceRatings').values({ id: crypto.randomUUID(), applicationId: c.id, accountId: (await ratingRows(t, c.id))[0]!.accountId, item: 'survey-b', outcome: 'not-accepted', level: 'satisfied', comment: null, ratedAt: new Date() }).execute(),
      (e: { code?: string }) => e.code === '23505',
      'one rating per case (unique)',
    );
    const [row] = await ratingRows(t, c.id);
    assert.equal(row!.level, 'basically-satisfied');
  });
});

describe('差评整改', () => {
  let t: TestApp;
  let desk: StaffDesk;
  before(async () => {
    t = await buildTestApp();
    // Rated on Tuesday 2026-09-22: 中秋 (9-25) and 国庆 (10-1…10-7, 10-10 a working Saturday) lie ahead.
    t.clock.set(new Date('2026-09-22T02:00:00Z'));
    desk = new StaffDesk(t);
  });
  after(() => t.close());

  test('a 差评 opens a 整改 due in 15 working days; only the 负责人 records 整改 and 回访; the applicant sees it, the rating unchanged', async () => {
    const c = await refusedCase(t, desk);
    const res = await rate(c.applicant, c.id, { level: 'very-dissatisfied', comment: '窗口答复前后不一致，跑了两次。' });
    assert.equal(res.statusCode, 201, res.body);
    const view = res.json();
    const calendar = await createCalendarService({ db: t.database.db, clock: t.clock }).current();
    assert.equal(calendar.addWorkingDays('2026-09-22', 15), '2026-10-20', 'the server calendar skips 中秋 and 国庆 and counts the 调休 Saturday');
    assert.equal(view.rectification.dueOn, '2026-10-20');
    assert.equal(view.rectification.status, 'open');
    assert.equal(view.rectification.overdue, false);
    const audit = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'rating.submit').where('objectId', '=', c.id).executeTakeFirstOrThrow();
    assert.equal((audit.details as { dueOn?: string }).dueOn, '2026-10-20');

    // Who may see and close it.
    const head = await newStaff(t, ['head']);
    const list = (await head.api.call('GET', '/api/staff/rectifications')).json();
    const task = list.rectifications.find((r: { applicationId: string }) => r.applicationId === c.id);
    assert.ok(task, 'the 负责人 sees the task');
    assert.deepEqual(
      { status: task.status, dueOn: task.dueOn, overdue: task.overdue, remainingDays: task.remainingDays, level: task.levelLabel, comment: task.comment, number: task.number, outcome: task.outcomeLabel },
      { status: 'open', dueOn: '2026-10-20', overdue: false, remainingDays: 15, level: '非常不满意', comment: '窗口答复前后不一致，跑了两次。', number: c.number, outcome: '不予受理' },
    );
    const body = { measures: '统一窗口答复口径，组织受理人员学习办事指南。', followUpOn: '2026-10-21', followUpMethod: 'phone', followUpResponse: 'basically-satisfied', followUpNote: '申请人表示理解。' };
    for (const role of ['acceptor', 'reviewer', 'publisher', 'sysadmin'] as const) {
      const staff = await desk.member(role);
      for (const [method, url] of [['GET', '/api/staff/rectifications'], ['GET', `/api/staff/rectifications/${task.id}`], ['POST', `/api/staff/rectifications/${task.id}/close`]] as const) {
        const r = await staff.call(method, url, method === 'POST' ? body : undefined);
        assert.equal(r.statusCode, 403, `${role} ${method} ${url}: ${r.body}`);
        assertChineseError(r, `${role} ${url}`, 'ROLE_REQUIRED');
      }
    }
    assert.equal((await c.applicant.call('POST', `/api/staff/rectifications/${task.id}/close`, body)).statusCode, 403, 'the applicant');

    // Overdue the day after the due day.
    t.clock.set(new Date('2026-10-21T02:00:00Z'));
    desk.reset();
    const headAgain = await loggedInStaffAgain(t, head);
    const late = (await headAgain.call('GET', `/api/staff/rectifications/${task.id}`)).json();
    assert.deepEqual([late.overdue, late.remainingDays], [true, -1]);
    const stats = (await headAgain.call('GET', '/api/staff/ratings/stats')).json();
    assert.deepEqual(stats.total.rectifications, { open: 1, overdue: 1, closed: 0, closedLate: 0 });

    // Bad input names the field; nothing is recorded.
    const future = await headAgain.call('POST', `/api/staff/rectifications/${task.id}/close`, { ...body, followUpOn: '2026-10-22' });
    assert.equal(future.statusCode, 400);
    assert.deepEqual(future.json().error.fieldErrors.map((f: { path: string }) => f.path), ['followUpOn']);
    assert.match(assertChineseError(future, 'future 回访', 'RECTIFICATION_INVALID').message, /回访日期不能晚于今天/);
    const early = await headAgain.call('POST', `/api/staff/rectifications/${task.id}/close`, { ...body, followUpOn: '2026-09-21' });
    assert.match(assertChineseError(early, 'before the rating', 'RECTIFICATION_INVALID').message, /不能早于评价日期（2026-09-22）/);
    const blank = await headAgain.call('POST', `/api/staff/rectifications/${task.id}/close`, { ...body, measures: '   ' });
    assert.deepEqual(blank.json().error.fieldErrors, [{ path: 'measures', message: '请填写整改措施' }]);
    const missing = await headAgain.call('POST', `/api/staff/rectifications/${NO_SUCH_ID}/close`, body);
    assert.equal(missing.statusCode, 404);
    assertChineseError(missing, 'no such 整改', 'RECTIFICATION_NOT_FOUND');

    const closed = await headAgain.call('POST', `/api/staff/rectifications/${task.id}/close`, body);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.deepEqual(
      { status: closed.json().status, closedLate: closed.json().closedLate, followUp: closed.json().followUp },
      { status: 'closed', closedLate: true, followUp: { on: '2026-10-21', method: 'phone', methodLabel: '电话回访', response: 'basically-satisfied', responseLabel: '基本满意', note: '申请人表示理解。' } },
    );
    const twice = await headAgain.call('POST', `/api/staff/rectifications/${task.id}/close`, { ...body, measures: '改写' });
    assert.equal(twice.statusCode, 409);
    assert.match(assertChineseError(twice, 'closed twice', 'RECTIFICATION_CLOSED').message, /已办结/);
    await assert.rejects(sql`update rating_rectifications set measures = '改写' where id = ${task.id}`.execute(t.database.db), /cannot be changed/);
    await assert.rejects(sql`delete from rating_rectifications where id = ${task.id}`.execute(t.database.db), /cannot be changed/);
    const rectifyAudit = await t.database.db.selectFrom('auditLog').select(['actorAccountId', 'details']).where('action', '=', 'rating.rectify').where('objectId', '=', task.id).execute();
    assert.equal(rectifyAudit.length, 1);
    assert.equal((rectifyAudit[0]!.details as { onTime?: boolean }).onTime, false);

    // The applicant: a message linking to the case, and the result next to its unchanged rating.
    const applicant = await reloginApplicant(t, c.login);
    const messages = (await applicant.call('GET', '/api/notifications')).json().items as { kind: string; title: string; applicationId: string }[];
    const message = messages.find((m) => m.kind === 'rating.rectified');
    assert.ok(message, JSON.stringify(messages.map((m) => m.kind)));
    assert.equal(message.applicationId, c.id);
    assert.equal(message.title, `申报编号${c.number}：差评整改已完成`);
    const mine = (await applicant.call('GET', `/api/progress/${c.id}/rating`)).json();
    assert.equal(mine.rating.level, 'very-dissatisfied', 'the rating stays as given');
    assert.equal(mine.rating.comment, '窗口答复前后不一致，跑了两次。');
    assert.equal(mine.rectification.status, 'closed');
    assert.equal(mine.rectification.measures, body.measures);
    assert.equal(mine.rectification.followUp.responseLabel, '基本满意');
    assert.equal(mine.rectification.followUp.methodLabel, '电话回访');
    const after = (await headAgain.call('GET', '/api/staff/ratings/stats')).json();
    assert.deepEqual(after.total.rectifications, { open: 0, overdue: 0, closed: 1, closedLate: 1 });
  });
});

describe('statistics', () => {
  test('per item: counts per level, satisfaction rate, 整改 — the same numbers in the staff console and on the public page', async () => {
    await withTestApp(async (t) => {
      const desk = new StaffDesk(t);
      const given: [item: 'survey-b' | 'design-b', level: string, comment?: string][] = [
        ['survey-b', 'very-satisfied'],
        ['survey-b', 'dissatisfied', '材料要求说明不清楚'],
        ['design-b', 'basically-satisfied', '北京示范公司王经理很满意'],
      ];
      const names: string[] = [];
      for (const [item, level, comment] of given) {
        const c = await refusedCase(t, desk, item);
        names.push(c.login.form.orgName!);
        assert.equal((await rate(c.applicant, c.id, { level, ...(comment ? { comment } : {}) })).statusCode, 201);
      }

      const acceptor = await desk.member('acceptor');
      const res = await acceptor.call('GET', '/api/staff/ratings/stats');
      assert.equal(res.statusCode, 200, res.body);
      const stats = res.json();
      const row = (item: string) => stats.items.find((r: { item: string }) => r.item === item);
      assert.deepEqual(row('survey-b').levels, { 'very-satisfied': 1, satisfied: 0, 'basically-satisfied': 0, dissatisfied: 1, 'very-dissatisfied': 0 });
      assert.deepEqual([row('survey-b').total, row('survey-b').satisfactionRate, row('survey-b').rectifications.open], [2, 0.5, 1]);
      assert.deepEqual([row('design-b').total, row('design-b').satisfactionRate, row('design-b').rectifications.open], [1, 1, 0]);
      assert.deepEqual([row('nonlocal-filing').total, row('nonlocal-filing').satisfactionRate], [0, null], 'an item without ratings has no rate');
      assert.deepEqual([stats.total.total, stats.total.satisfactionRate], [3, 2 / 3]);
      assert.deepEqual(stats.total.rectifications, { open: 1, overdue: 0, closed: 0, closedLate: 0 });
      assert.equal(stats.items.length, 4, 'every item of the catalogue');

      // Every case role reads them; the 三员 and applicants do not.
      assert.equal((await (await loggedInStaff(t, ['head'])).call('GET', '/api/staff/ratings/stats')).statusCode, 200);
      assert.equal((await (await desk.member('sysadmin')).call('GET', '/api/staff/ratings/stats')).statusCode, 403);
      const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
      assert.equal((await applicant.call('GET', '/api/staff/ratings/stats')).statusCode, 403);

      const page = await t.app.inject({ method: 'GET', url: '/public/ratings' });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<h1>政务服务好差评<\/h1>/);
      assert.match(page.body, /满意率 =（非常满意 \+ 满意 \+ 基本满意）÷ 评价总数 × 100%/, 'the rate is defined on the page');
      const cells = (label: string) => {
        const tr = new RegExp(`<tr[^>]*>\\s*<th scope="row">${label}</th>([^]*?)</tr>`).exec(page.body)?.[1] ?? assert.fail(`row ${label}`);
        return [...tr.matchAll(/<td[^>]*>([^<]*)/g)].map((m) => m[1]);
      };
      assert.deepEqual(cells('建设工程勘察企业资质认定（乙级）'), ['2', '1', '0', '0', '1', '0', '50.0%', '1', '0', '1']);
      assert.deepEqual(cells('建设工程设计企业资质认定（部分乙级）'), ['1', '0', '0', '1', '0', '0', '100.0%', '0', '0', '0']);
      assert.deepEqual(cells('外埠企业进京从事勘察设计活动备案'), ['0', '0', '0', '0', '0', '0', '—', '0', '0', '0']);
      assert.deepEqual(cells('合计'), ['3', '1', '0', '1', '1', '0', '66.7%', '1', '0', '1']);
      for (const secret of [...names, '材料要求说明不清楚', '北京示范公司王经理很满意']) assert.ok(!page.body.includes(secret), `no personal data or comment on the public page: ${secret}`);
      assert.equal(page.headers['set-cookie'], undefined);
      assert.equal(page.headers['cache-control'], 'public, max-age=60');

      // Cached until a number changes.
      const etag = String(page.headers.etag);
      assert.equal((await t.app.inject({ method: 'GET', url: '/public/ratings', headers: { 'if-none-match': etag } })).statusCode, 304);
      const more = await refusedCase(t, desk);
      await rate(more.applicant, more.id, { level: 'satisfied' });
      const fresh = await t.app.inject({ method: 'GET', url: '/public/ratings', headers: { 'if-none-match': etag } });
      assert.equal(fresh.statusCode, 200);
      assert.match(fresh.body, /<th scope="row">合计<\/th>\s*<td class="num">4<\/td>/);
    });
  });
});
