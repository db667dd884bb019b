import { expect, test } from './test.ts';
import { IdpPages, nextTotpCode } from './support.ts';
import { staffAccountOf, staffLogin } from './staff-driver.ts';

test('a staff member who closes the browser without 退出 must give password and 动态口令 again', async ({ browser }, info) => {
  test.setTimeout(90_000);
  const page = await staffLogin(browser, 'shouli', info);
  const account = staffAccountOf(page);
  // Closing the browser: what it keeps across a restart are the cookies that carry an expiry.
  const state = await page.context().storageState();
  const persistent = state.cookies.filter((c) => c.expires !== -1);
  await page.context().close();
  const reopened = await (await browser.newContext({ storageState: { cookies: persistent, origins: state.origins } })).newPage();
  await reopened.goto('/staff');
  const idp = new IdpPages(reopened);
  await idp.login(account.username, account.password);
  await expect(reopened.getByRole('heading', { name: '动态口令验证' })).toBeVisible();
  await expect(reopened.getByRole('heading', { name: '审批工作台' })).toBeHidden();
  // The authenticator bound at the first login opens the console again.
  await idp.submitTotp(await nextTotpCode(account.authenticator), false);
  await expect(reopened.getByRole('heading', { name: '审批工作台' })).toBeVisible();
});
