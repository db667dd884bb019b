import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { InjectBrowser } from '../../../test/support/browser.ts';
import { loggedInLegal, loggedInNatural, newBrowser, type Form } from '../../../test/support/flows.ts';

let t: TestApp;
let enterprise: { browser: InjectBrowser; form: Form };
let engineer: { browser: InjectBrowser; form: Form };
before(async () => {
  t = await buildTestApp();
  enterprise = await loggedInLegal(t);
  engineer = await loggedInNatural(t);
});
after(async () => {
  await t?.close();
});

const start = (browser: InjectBrowser, code: string) => browser.request('GET', `/api/items/${code}/start`);

test('starting an application anonymously asks for login', async () => {
  const res = await start(newBrowser(t), 'survey-b');
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  assert.match(res.json().error.message, /请先登录/);
});

test('an enterprise starting survey-b gets its name and USCC prefilled and locked', async () => {
  const res = await start(enterprise.browser, 'survey-b');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  const body = res.json();
  assert.equal(body.item, 'survey-b');
  assert.equal(body.step, 'applicant');
  assert.equal(body.prefill.values.orgName, enterprise.form.orgName);
  assert.equal(body.prefill.values.uscc, enterprise.form.uscc);
  assert.equal(body.prefill.values.mobile, enterprise.form.mobile);
  assert.equal(body.prefill.values.agent, enterprise.form.agentName);
  assert.deepEqual([...body.prefill.locked].sort(), ['orgName', 'uscc']);
});

test('an engineer cannot start survey-b: told it is for 法人', async () => {
  const res = await start(engineer.browser, 'survey-b');
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'WRONG_APPLICANT_KIND');
  assert.match(res.json().error.message, /法人/);
});

test('an enterprise cannot start struct-eng-2: told it is for 自然人', async () => {
  const res = await start(enterprise.browser, 'struct-eng-2');
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'WRONG_APPLICANT_KIND');
  assert.match(res.json().error.message, /由注册人员本人（自然人）申报/);
});

test('an engineer starting struct-eng-2 gets name and ID number prefilled and locked', async () => {
  const res = await start(engineer.browser, 'struct-eng-2');
  assert.equal(res.statusCode, 200, res.body);
  const { prefill } = res.json();
  assert.equal(prefill.values.applicantName, engineer.form.name);
  assert.equal(prefill.values.idType, '居民身份证');
  assert.equal(prefill.values.idNumber, engineer.form.idNumber);
  assert.equal(prefill.values.contact, engineer.form.mobile);
  assert.ok(prefill.locked.includes('applicantName'));
  assert.ok(prefill.locked.includes('idNumber'));
  assert.ok(!prefill.locked.includes('contact'), 'contact details stay editable');
});

test('an unknown item is 404', async () => {
  for (const code of ['no-such-item', '__proto__', 'SURVEY-B']) {
    const res = await start(enterprise.browser, code);
    assert.equal(res.statusCode, 404, code);
    assert.equal(res.json().error.code, 'ITEM_NOT_FOUND');
  }
});
