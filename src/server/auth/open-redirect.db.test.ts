import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { InjectBrowser } from '../../../test/support/browser.ts';
import { loggedInLegal, loginAs, newBrowser, TEST_PASSWORD } from '../../../test/support/flows.ts';

let t: TestApp;
let uscc: string;
before(async () => {
  t = await buildTestApp();
  uscc = (await loggedInLegal(t)).form.uscc!;
});
after(async () => {
  await t?.close();
});

/** Every Location header the browser was sent, in order. */
const locations = (browser: InjectBrowser) =>
  browser.history.map((h) => h.res.headers.location).filter((l): l is string => typeof l === 'string');

function assertNeverOffsite(browser: InjectBrowser): void {
  for (const location of locations(browser)) {
    const target = new URL(location, browser.baseUrl);
    assert.equal(target.origin, browser.origin, `redirected off-site to ${location}`);
  }
}

for (const returnTo of ['https://evil.com', '//evil.com', '/\\evil.com', 'https://evil.com/items/survey-b/apply', '/auth/logout']) {
  test(`login with returnTo=${returnTo} lands on our home page`, async () => {
    const browser = newBrowser(t);
    const res = await loginAs(browser, uscc, TEST_PASSWORD, returnTo);
    assert.ok(res.statusCode < 300 || res.statusCode >= 400, `stopped at a redirect to ${String(res.headers.location)}`);
    assert.equal(browser.lastUrl, '/');
    const callback = browser.history.find((h) => h.url.startsWith('/auth/callback'));
    assert.equal(callback?.res.headers.location, '/');
    assertNeverOffsite(browser);
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
  });
}

test('an already logged-in user asking for an evil returnTo is sent home', async () => {
  const browser = newBrowser(t);
  await loginAs(browser, uscc, TEST_PASSWORD);
  const res = await browser.request('GET', '/auth/login?returnTo=https%3A%2F%2Fevil.com');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
});

test('a relative returnTo is honoured, query and all', async () => {
  const browser = newBrowser(t);
  await loginAs(browser, uscc, TEST_PASSWORD, '/items/survey-b/apply?step=materials');
  assert.equal(browser.lastUrl, '/items/survey-b/apply?step=materials');
  assertNeverOffsite(browser);

  const already = await browser.request('GET', '/auth/login?returnTo=%2Fitems%2Fdesign-b');
  assert.equal(already.headers.location, '/items/design-b', 'when already logged in, straight there');
});
