import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { reviewFullReview, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { loginAs, newBrowser } from '../../../test/support/flows.ts';

// The browser tests' hooks (TEST_HOOKS=true): what they do must hold, or the journeys prove nothing.
let t: TestApp;
before(async () => {
  t = await buildTestApp({ TEST_HOOKS: 'true' });
});
after(() => t.close());

test('POST /__test/staff makes a staff account of that role, which logs in with its password and must bind a 动态口令', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/__test/staff', payload: { role: 'reviewer', name: '王审查' } });
  assert.equal(res.statusCode, 201, res.body);
  const { username, password } = res.json() as { username: string; password: string };
  const other = (await t.app.inject({ method: 'POST', url: '/__test/staff', payload: { role: 'reviewer', name: '王审查' } })).json() as { username: string };
  assert.notEqual(other.username, username, 'each call is a new account');
  const user = await t.database.db.selectFrom('idpUsers').select(['kind', 'roles']).where('username', '=', username).executeTakeFirstOrThrow();
  assert.equal(user.kind, 'staff');
  assert.deepEqual(user.roles, ['reviewer']);
  const login = await loginAs(newBrowser(t), username, password, '/staff');
  assert.match(login.body, /绑定动态口令/);

  const bad = await t.app.inject({ method: 'POST', url: '/__test/staff', payload: { role: 'root', name: 'x' } });
  assert.equal(bad.statusCode, 400);
});

test('closing 公示 periods for some 申报编号 leaves every other 公示 open', async () => {
  const desk = new StaffDesk(t);
  const mine = await submittedCase(t, 'survey-b', 'first');
  const theirs = await submittedCase(t, 'survey-b', 'first');
  for (const c of [mine, theirs]) {
    await reviewFullReview(desk, c.id);
    await desk.publish('notice', [c.id]);
  }
  const node = async (id: string) => (await t.database.db.selectFrom('applications').select('node').where('id', '=', id).executeTakeFirstOrThrow()).node;
  const res = await t.app.inject({ method: 'POST', url: '/__test/notice-periods/close', payload: { asOf: '2099-01-01', numbers: [mine.number] } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { batches: 1, cases: 1 });
  assert.equal(await node(mine.id), 'announce');
  assert.equal(await node(theirs.id), 'notice');
});
