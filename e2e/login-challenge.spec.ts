import { expect, test } from './test.ts';
import { IdpPages, PASSWORD, Portal, expectAccessible, newMobile, newUscc, snap, watchConsole } from './support.ts';

test('after three wrong passwords the login asks for the 人机验证, which the browser solves by itself under our CSP', async ({ page }, info) => {
  // The refused logins answer 401 on purpose; Chromium may log that as a failed resource.
  const checkConsole = watchConsole(page, [/status of 401/]);
  const portal = new Portal(page);
  const idp = new IdpPages(page);
  const uscc = newUscc();
  const orgName = `北京验证测试设计院${uscc.slice(-4)}有限公司`;

  await portal.openCatalog();
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await idp.registerLegal({ orgName, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'challenge@example.cn' });
  await portal.expectLoggedInAs(orgName);
  await portal.logout();

  await portal.openCatalog();
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  for (let i = 1; i <= 3; i++) {
    await idp.login(uscc, `Wrong#Pass${i}x`);
    await expect(page.getByRole('alert')).toHaveText('账号或密码错误，请重新输入');
  }
  // The widget (served from /idp-assets, its worker too) solves the proof of work as the page loads.
  await expect(page.getByText('人机验证', { exact: true })).toBeVisible();
  await expect(page.locator('altcha-widget')).toContainText('已验证', { timeout: 30_000 });
  await snap(page, info, 'challenge-solved');
  await expectAccessible(page, info, 'idp-login-challenge');

  await idp.login(uscc, PASSWORD);
  await expect(page).toHaveURL(/\/items\/survey-b\/apply$/);
  await portal.expectLoggedInAs(orgName);
  checkConsole();
});
