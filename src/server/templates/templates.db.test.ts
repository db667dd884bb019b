import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

// Issue 18: 一次性告知 phrase templates. The 负责人 keeps them per role; a role's staff see theirs
// on the case page (the 受理 clerk's on a case in 受理, never the reviewer's); titles are unique per
// role; every change is audited.

let t: TestApp;
let head: ApplicantApi;
let acceptor: ApplicantApi;
let reviewer: ApplicantApi;

before(async () => {
  t = await buildTestApp();
  head = await loggedInStaff(t, ['head']);
  acceptor = await loggedInStaff(t, ['acceptor']);
  reviewer = await loggedInStaff(t, ['reviewer']);
});
after(async () => {
  await t?.close();
});

const titles = (list: { templates: { role: string; title: string }[] }) => list.templates.map((x) => `${x.role}:${x.title}`);

test('the 负责人 keeps templates per role; each role sees its own, on the list and on the case page', async () => {
  const body = '其他附件缺少技术负责人的职称证书，请补充扫描件后合并上传。';
  const created = await head.call('POST', '/api/staff/templates', { role: 'acceptor', title: ' 缺职称证 ', body });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(titles(created.json()), ['acceptor:缺职称证'], 'trimmed');
  const second = await head.call('POST', '/api/staff/templates', { role: 'reviewer', title: '业绩不符', body: '所报业绩与资质标准要求不符。' });
  assert.equal(second.statusCode, 201);

  for (const [input, status, code] of [
    [{ role: 'acceptor', title: '缺职称证', body: '另一种说法' }, 409, 'TEMPLATE_TITLE_TAKEN'],
    [{ role: 'acceptor', title: '  ', body: 'x' }, 400, 'TEMPLATE_INCOMPLETE'],
    [{ role: 'acceptor', title: '空内容', body: '\n ' }, 400, 'TEMPLATE_INCOMPLETE'],
    [{ role: 'head', title: '不适用', body: 'x' }, 400, 'REQUEST_INVALID'],
  ] as const) {
    const res = await head.call('POST', '/api/staff/templates', input);
    assert.equal(res.statusCode, status, JSON.stringify(input));
    assert.equal(res.json().error.code, code);
  }
  const taken = await head.call('POST', '/api/staff/templates', { role: 'acceptor', title: '缺职称证', body: 'x' });
  assert.match(taken.json().error.message, /受理岗位已有名为“缺职称证”的常用意见/);

  // Only the 负责人 keeps them.
  const clerk = await acceptor.call('POST', '/api/staff/templates', { role: 'acceptor', title: '我的', body: 'x' });
  assert.equal(clerk.statusCode, 403);
  assert.deepEqual(titles((await acceptor.call('GET', '/api/staff/templates')).json()), ['acceptor:缺职称证']);
  assert.deepEqual(titles((await reviewer.call('GET', '/api/staff/templates')).json()), ['reviewer:业绩不符']);
  assert.deepEqual(titles((await head.call('GET', '/api/staff/templates')).json()), ['acceptor:缺职称证', 'reviewer:业绩不符']);

  const { id } = await submittedCase(t, 'survey-b', 'first');
  const page = (await acceptor.call('GET', `/api/staff/cases/${id}`)).json();
  assert.deepEqual(page.opinionTemplates.map((x: { title: string; body: string }) => [x.title, x.body]), [['缺职称证', body]]);
  assert.deepEqual((await reviewer.call('GET', `/api/staff/cases/${id}`)).json().opinionTemplates, [], 'not the reviewer’s on a case in 受理');

  const templateId = created.json().templates[0].id;
  const edited = await head.call('PUT', `/api/staff/templates/${templateId}`, { role: 'acceptor', title: '缺职称证书', body });
  assert.equal(edited.statusCode, 200, edited.body);
  assert.deepEqual(titles(edited.json()), ['acceptor:缺职称证书', 'reviewer:业绩不符']);
  const removed = await head.call('DELETE', `/api/staff/templates/${templateId}`);
  assert.deepEqual(titles(removed.json()), ['reviewer:业绩不符']);
  assert.equal((await head.call('DELETE', `/api/staff/templates/${templateId}`)).json().error.code, 'TEMPLATE_NOT_FOUND');

  const audited = await t.database.db.selectFrom('auditLog').select('action').where('objectType', '=', 'opinion_template').orderBy('id').execute();
  assert.deepEqual(audited.map((a) => a.action), ['template.create', 'template.create', 'template.update', 'template.delete']);
});
