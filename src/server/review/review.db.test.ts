import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { loggedInLegal, newBrowser } from '../../../test/support/flows.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';
import { assertContract } from '../../../test/support/contract.ts';
import { CasePageSchema, CaseViewSchema, QueueListSchema } from '../../contract/staff.ts';
import { isAdminRole, STAFF_ROLES, type StaffRole } from '../../domain/roles.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

async function submittedCase(item: 'survey-b' | 'nonlocal-filing' = 'survey-b', type?: string) {
  const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  const draft = await applicant.completeDraft(item, type ?? (item === 'survey-b' ? 'first' : 'filing'));
  const res = await applicant.call('POST', `/api/applications/${draft.id}/submit`);
  assert.equal(res.statusCode, 200, res.body);
  return { applicant, id: draft.id as string, number: res.json().number as string };
}

const caseOf = async (api: ApplicantApi, id: string) => {
  const body = (await api.call('GET', `/api/staff/cases/${id}`)).json();
  assertContract(CaseViewSchema, body, 'case page');
  return body;
};
const act = (api: ApplicantApi, id: string, body: Record<string, unknown>) => api.call('POST', `/api/staff/cases/${id}/actions`, body);
const auditCount = async (id: string) =>
  (await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', id).where('action', 'like', 'case.%').execute()).length;

describe('staff routes: who may do what', () => {
  test('anonymous, applicants and staff of other roles are refused; each role sees only its queues', async () => {
    const { applicant, id } = await submittedCase();
    const anonymous = new ApplicantApi(t, newBrowser(t));
    for (const [method, url] of [
      ['GET', '/api/staff/queues'],
      ['GET', '/api/staff/cases'],
      ['GET', `/api/staff/cases/${id}`],
      ['GET', `/api/staff/cases/${id}/attachments/applicationForm`],
    ] as const) {
      assert.equal((await anonymous.call(method, url)).statusCode, 401, `anonymous ${url}`);
      assert.equal((await applicant.call(method, url)).statusCode, 403, `applicant ${url}`);
    }
    assert.equal((await act(anonymous, id, { action: 'accept', version: 2 })).statusCode, 403, 'no session, no CSRF token');
    assert.equal((await act(applicant, id, { action: 'accept', version: 2 })).statusCode, 403);

    const expectedQueue: Record<StaffRole, string | undefined> = {
      acceptor: '待受理',
      reviewer: '待审查',
      rechecker: '待复核',
      publisher: undefined,
      issuer: '待制证',
      head: undefined,
      sysadmin: undefined,
      secadmin: undefined,
      auditor: undefined,
    };
    // Every other role first (each refused), the acceptor last (it accepts).
    const roles = (Object.keys(STAFF_ROLES) as StaffRole[]).sort((a, b) => Number(a === 'acceptor') - Number(b === 'acceptor'));
    assert.equal(roles.length, 9);
    const outcomes: string[] = [];
    for (const role of roles) {
      const staff = await loggedInStaff(t, [role]);
      const queuesRes = await staff.call('GET', '/api/staff/queues');
      const reads = await Promise.all(
        ['/api/staff/cases', `/api/staff/cases/${id}`, `/api/staff/cases/${id}/attachments/applicationForm`].map((url) => staff.call('GET', url)),
      );
      assert.deepEqual(
        reads.map((r) => r.statusCode),
        isAdminRole(role) ? [403, 403, 403] : [200, 200, 200],
        `${role} reading the case list, a case and its file`,
      );
      if (isAdminRole(role)) {
        assert.equal(queuesRes.statusCode, 403, `${role} has no case queues`);
        assert.equal((await act(staff, id, { action: 'accept', version: 2 })).statusCode, 403);
        outcomes.push(`${role}:403`);
        continue;
      }
      const queues = assertContract(QueueListSchema, queuesRes.json()).queues;
      assert.ok(queues.every((q) => q.role === role), `${role} sees only its own queues`);
      if (expectedQueue[role]) assert.ok(queues.some((q) => q.queue === expectedQueue[role]), `${role} has ${expectedQueue[role]}`);
      const res = await act(staff, id, { action: 'accept', version: (await caseOf(staff, id)).version });
      assert.equal(res.statusCode, role === 'acceptor' ? 200 : 403, `${role} accepting: ${res.body}`);
      outcomes.push(`${role}:${res.statusCode}`);
    }
    assert.deepEqual(outcomes, ['reviewer:403', 'rechecker:403', 'publisher:403', 'issuer:403', 'head:403', 'sysadmin:403', 'secadmin:403', 'auditor:403', 'acceptor:200']);
  });

  test('the acceptor queue lists the new case; search finds it by number and by name', async () => {
    const { id, number } = await submittedCase();
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const all = (await acceptor.call('GET', '/api/staff/cases?queue=待受理')).json().cases as { id: string }[];
    assert.ok(all.some((c) => c.id === id));
    const byNumber = (await acceptor.call('GET', `/api/staff/cases?q=${number}`)).json().cases as { id: string }[];
    assert.deepEqual(byNumber.map((c) => c.id), [id]);
    const stored = await t.database.db.selectFrom('applications').select(['applicantName', 'applicantUscc']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(stored.applicantName && stored.applicantUscc, 'name and 统一社会信用代码 kept from the form');
    const search = async (q: string) => (await acceptor.call('GET', `/api/staff/cases?q=${encodeURIComponent(q)}`)).json().cases as { id: string; applicantName: string }[];
    const byName = await search(stored.applicantName.slice(2, 6));
    assert.equal(byName.find((c) => c.id === id)?.applicantName, stored.applicantName, 'found by a part of the name, which the row shows');
    assert.ok((await search(stored.applicantUscc.toLowerCase())).some((c) => c.id === id), 'found by 统一社会信用代码, any case');
    assert.ok(!(await search('不存在的单位名称')).some((c) => c.id === id));
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const notYet = (await reviewer.call('GET', `/api/staff/cases?q=${number}`)).json().cases;
    assert.equal(notYet.length, 0, 'not in 审查 before 受理');
  });
});

describe('actions', () => {
  test('a negative action needs an opinion; a refused action writes neither an event nor an audit row', async () => {
    const { id } = await submittedCase();
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const before = await auditCount(id);
    const c = await caseOf(acceptor, id);
    const res = await act(acceptor, id, { action: 'reject', version: c.version });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'OPINION_REQUIRED');
    assert.match(res.json().error.message, /请填写意见/);
    assert.equal(await auditCount(id), before);
    assert.equal((await caseOf(acceptor, id)).history.length, 1, 'only the submission');
  });

  test('two staff acting on the same case at once: exactly one applies, the other is told', async () => {
    const { id } = await submittedCase();
    const [a, b] = await Promise.all([loggedInStaff(t, ['acceptor']), loggedInStaff(t, ['acceptor'])]);
    const version = (await caseOf(a, id)).version;
    const results = await Promise.all([
      act(a, id, { action: 'accept', version }),
      act(b, id, { action: 'reject', version, opinion: '不属于本机关职权范围' }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409]);
    const lost = results.find((r) => r.statusCode === 409)!.json().error;
    assert.equal(lost.code, 'CASE_VERSION_CONFLICT');
    assert.match(lost.message, /已被其他人处理/);
    assert.deepEqual(lost.details, { version: version + 1 }, 'the version the case moved to');
    assert.equal(await auditCount(id), 1);
    assert.equal((await caseOf(a, id)).history.length, 2);
  });

  test('the 补正 loop: staff reopen one attachment, the applicant replaces only it and resubmits, staff accept', async () => {
    const { applicant, id } = await submittedCase();
    const acceptor = await loggedInStaff(t, ['acceptor']);
    let c = await caseOf(acceptor, id);
    const asked = await act(acceptor, id, {
      action: 'request-correction',
      version: c.version,
      opinion: '其他附件中缺少技术负责人的职称证，请补充后重新上传。',
      correctionItems: ['attachments.otherAttachments'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    // 办理记录 names what was asked as the applicant reads it, never the stored key.
    const askedLine = (await caseOf(acceptor, id)).history.find((h: { action: string }) => h.action === 'request-correction');
    assert.deepEqual(askedLine.correctionItems, ['附件“其他附件”']);

    const mine = (await applicant.call('GET', `/api/applications/${id}`)).json();
    assert.equal(mine.status, 'correction');
    assert.deepEqual(mine.correction.items, ['attachments.otherAttachments']);
    assert.match(mine.correction.message, /职称证/);
    const listed = (await applicant.call('GET', '/api/applications')).json().applications.find((a: { id: string }) => a.id === id);
    assert.equal(listed.status, 'correction');
    assert.match(listed.correctionMessage, /职称证/, '我的申报 shows what to fix');
    // Only the reopened slot may change.
    for (const refused of [
      await applicant.upload(id, 'applicationForm', fixturePdf('valid-1-page.pdf')),
      await applicant.call('PUT', `/api/applications/${id}/steps/applicant`, { version: mine.version, values: {} }),
    ]) {
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'PART_NOT_REOPENED');
    }
    const replaced = await applicant.upload(id, 'otherAttachments', fixturePdf('valid-3-pages.pdf'));
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().attachments.find((a: { slot: string }) => a.slot === 'otherAttachments').pages, 3);
    // Not in the acceptor's queue while it waits for the applicant.
    assert.ok(!((await acceptor.call('GET', '/api/staff/cases?queue=待受理')).json().cases as { id: string }[]).some((x) => x.id === id));

    const back = await applicant.call('POST', `/api/applications/${id}/resubmit`, { version: replaced.json().version });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().status, 'submitted');
    assert.equal(back.json().correction, null);

    c = await caseOf(acceptor, id);
    assert.equal(c.state.node, 'accept');
    assert.deepEqual(c.history.map((h: { action: string }) => h.action), ['submit', 'request-correction', 'resubmit']);
    const accepted = await act(acceptor, id, { action: 'accept', version: c.version });
    assert.equal(accepted.statusCode, 200);
    assert.equal(accepted.json().state.node, 'review');
    assertContract(CaseViewSchema, accepted.json(), 'case page after an action');
    assert.equal(await auditCount(id), 3, 'one audit row per action, applicant resubmission included');
  });

  test('a 外埠 filing goes from 受理 through 核对 to 已备案 and leaves every queue', async () => {
    const { applicant, id } = await submittedCase('nonlocal-filing');
    const acceptor = await loggedInStaff(t, ['acceptor']);
    let c = await caseOf(acceptor, id);
    assert.equal((await act(acceptor, id, { action: 'accept', version: c.version })).statusCode, 200);
    const reviewer = await loggedInStaff(t, ['reviewer']);
    c = await caseOf(reviewer, id);
    const pass = c.actions.find((a: { negative: boolean }) => !a.negative);
    const done = await act(reviewer, id, { action: pass.key, version: c.version });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().state.status, 'ended');
    assert.equal(done.json().state.end, 'end:filed');
    const mine = (await applicant.call('GET', `/api/applications/${id}`)).json();
    assert.equal(mine.status, 'closed');
    assert.equal(mine.outcome, 'filed');
    // Once ended, no more actions.
    const again = await act(reviewer, id, { action: pass.key, version: done.json().version });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'CASE_ENDED');
  });

  test('staff can view a case attachment; the view is audited', async () => {
    const { id } = await submittedCase();
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const res = await reviewer.call('GET', `/api/staff/cases/${id}/attachments/applicationForm`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const rows = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', id).where('action', '=', 'attachment.staff-view').execute();
    assert.equal(rows.length, 1);
  });
});

describe('deadlines', () => {
  test('the whole case is due 20 working days after 受理; the filter by 申请内容 narrows the queue', async () => {
    const fresh = await buildTestApp();
    try {
      const applicant = new ApplicantApi(fresh, (await loggedInLegal(fresh)).browser);
      const draft = await applicant.completeDraft('survey-b', 'renew');
      const { number } = (await applicant.call('POST', `/api/applications/${draft.id}/submit`)).json();
      const acceptor = await loggedInStaff(fresh, ['acceptor']);
      let page = (await acceptor.call('GET', `/api/staff/cases/${draft.id}`)).json();
      assert.equal(page.caseDeadline, null, 'no decision clock before 受理');
      assert.deepEqual((await acceptor.call('GET', '/api/staff/cases?item=survey-b&type=first')).json().cases.filter((c: { number: string }) => c.number === number), []);
      assert.equal((await acceptor.call('GET', '/api/staff/cases?item=survey-b&type=renew')).json().cases[0].number, number);

      assert.equal((await act(acceptor, draft.id, { action: 'accept', version: page.version })).statusCode, 200);
      page = (await acceptor.call('GET', `/api/staff/cases/${draft.id}`)).json();
      // Mon 11-30 … Fri 12-25 is exactly 20 working days (no holiday in December 2026).
      assert.equal(page.caseDeadline.due, '2026-12-25');
      assert.equal(page.caseDeadline.remainingDays, 20);
    } finally {
      await fresh.close();
    }
  });

  test('受理 is due 5 working days after submission; past it the case is flagged 视为受理 and listed as overdue', async () => {
    const fresh = await buildTestApp();
    try {
      // 2026-11-27 is a Friday in Shanghai: five working days later is Friday 2026-12-04.
      const applicant = new ApplicantApi(fresh, (await loggedInLegal(fresh)).browser);
      const draft = await applicant.completeDraft('survey-b', 'first');
      const { number } = (await applicant.call('POST', `/api/applications/${draft.id}/submit`)).json();
      let acceptor = await loggedInStaff(fresh, ['acceptor']);
      const first = await acceptor.call('GET', `/api/staff/cases?q=${number}`);
      assert.equal(first.statusCode, 200, first.body);
      assertContract(CasePageSchema, first.json());
      let row = first.json().cases[0];
      assert.equal(row.deadline.due, '2026-12-04');
      assert.equal(row.deadline.overdue, false);
      assert.equal(row.deadline.deemedAccepted, false);
      assert.equal((await acceptor.call('GET', '/api/staff/cases?overdue=true')).json().cases.length, 0);

      fresh.clock.advance(8 * 24 * 3_600_000); // Saturday 2026-12-05; the old session has expired meanwhile
      acceptor = await loggedInStaff(fresh, ['acceptor']);
      row = (await acceptor.call('GET', `/api/staff/cases?q=${number}`)).json().cases[0];
      assert.equal(row.deadline.overdue, true);
      assert.equal(row.deadline.deemedAccepted, true);
      const overdue = (await acceptor.call('GET', '/api/staff/cases?overdue=true')).json().cases;
      assert.deepEqual(overdue.map((c: { number: string }) => c.number), [number]);
      const page = (await acceptor.call('GET', `/api/staff/cases/${draft.id}`)).json();
      assert.equal(page.deadline.deemedAccepted, true);
      // 视为受理: the case's 20 working days run from the submission day (Fri 2026-11-27 → Fri 2026-12-25).
      assert.equal(page.caseDeadline.due, '2026-12-25');
      assert.equal(page.caseDeadline.limitDays, 20);
    } finally {
      await fresh.close();
    }
  });
});

describe('补正 of single fields', () => {
  test('only the listed field changes; the rest of the step keeps its stored values', async () => {
    const { applicant, id } = await submittedCase();
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const c = await caseOf(acceptor, id);
    const asked = await act(acceptor, id, {
      action: 'request-correction',
      version: c.version,
      opinion: '邮政编码与通讯地址不符，请更正。',
      correctionItems: ['applicant.postalCode'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    const mine = (await applicant.call('GET', `/api/applications/${id}`)).json();
    const before = mine.data.applicant;
    const saved = await applicant.call('PUT', `/api/applications/${id}/steps/applicant`, {
      version: mine.version,
      values: { ...before, postalCode: '100083', mailingAddress: '北京市朝阳区不该改变的地址1号' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().data.applicant.postalCode, '100083');
    assert.equal(saved.json().data.applicant.mailingAddress, before.mailingAddress, 'a field not listed for 补正 keeps its value');
    assert.equal((await applicant.call('PUT', `/api/applications/${id}/steps/content`, { version: saved.json().version, values: {} })).statusCode, 409);
  });
});

const denials = (objectId: string) =>
  t.database.db.selectFrom('auditLog').select(['actorAccountId', 'outcome', 'details', 'clientIp', 'requestId']).where('action', '=', 'authz.denied').where('objectId', '=', objectId).execute();
const accountOf = async (api: { browser: { sessionInfo(): Promise<{ account?: { id: string } | null }> } }) => (await api.browser.sessionInfo()).account!.id;

describe('refused authorization is audited (ASVS V16.3.3)', () => {
  test('a staff member acting outside their role: 403, one failure row naming who, what and where; the case untouched', async () => {
    const { id } = await submittedCase();
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const version = (await reviewer.call('GET', `/api/staff/cases/${id}`)).json().version;
    const res = await reviewer.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version });
    assert.equal(res.statusCode, 403, res.body);

    const rows = await denials(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorAccountId, await accountOf(reviewer));
    assert.equal(rows[0]!.outcome, 'failure');
    assert.equal(rows[0]!.requestId, res.json().error.requestId, 'the row carries the request id the answer names');
    assert.ok(rows[0]!.clientIp);
    assert.deepEqual({ ...(rows[0]!.details as Record<string, unknown>), message: undefined }, {
      code: 'ACTION_ROLE_REQUIRED',
      method: 'POST',
      route: '/api/staff/cases/:id/actions',
      message: undefined,
    });
    const events = await t.database.db.selectFrom('caseEvents').select('action').where('applicationId', '=', id).where('node', '=', 'accept').execute();
    assert.deepEqual(events, [], 'nothing happened to the case');
  });

  test('a state-changing request without the CSRF token: 403 and a failure row for the logged-in applicant', async () => {
    const { applicant, id } = await submittedCase();
    const res = await applicant.browser.request('POST', `/api/applications/${id}/resubmit`, { headers: { origin: TEST_PUBLIC_URL }, json: { version: 1 } });
    assert.equal(res.statusCode, 403, res.body);
    const rows = await denials(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorAccountId, await accountOf(applicant));
    assert.equal((rows[0]!.details as { code: string }).code, 'CSRF_TOKEN_INVALID');
  });

  test('ordinary refusals (bad input, a stale version) are not authorization failures', async () => {
    const { id } = await submittedCase();
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const stale = await acceptor.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version: 999 });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.json().error.code, 'CASE_VERSION_CONFLICT');
    assert.deepEqual(await denials(id), []);
  });
});
