import { expect, test } from './test.ts';
import { PUBLIC_LINKS, SITE_FOOTER, documentTitle } from '../src/domain/site.ts';
import { IdpPages, PASSWORD, Portal, expectAccessible, newIdNumber, newMobile, newUscc, snap, watchConsole } from './support.ts';

test('enterprise registers, logs out, and 网上办理 returns it to the survey item prefilled', async ({ page }, info) => {
  const checkConsole = watchConsole(page);
  const portal = new Portal(page);
  const idp = new IdpPages(page);
  const uscc = newUscc();
  const orgName = `北京测试勘察院${uscc.slice(-4)}有限公司`;

  await portal.openCatalog();
  await snap(page, info, 'catalog');
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await idp.registerLegal({ orgName, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'survey@example.cn' });
  await portal.expectLoggedInAs(orgName);
  await expect(page).toHaveURL(/\/$/);

  await portal.logout();
  await portal.openCatalog();
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  // The redirect chain to the login page ends before the picture is taken (a screenshot taken
  // mid-navigation can hang until the test's timeout).
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  await page.waitForLoadState('load');
  await snap(page, info, 'login');
  await idp.login(uscc, PASSWORD);

  await expect(page).toHaveURL(/\/items\/survey-b\/apply$/);
  await expect(page.getByRole('heading', { name: '建设工程勘察企业资质认定（乙级）' })).toBeVisible();
  await expect(page.getByLabel('当前位置')).toContainText('首页');
  await expect(page.getByLabel('当前位置')).toContainText('勘察设计资格管理');
  await expect(page.getByLabel('申报单位')).toHaveValue(orgName);
  await expect(page.getByLabel('统一社会信用代码')).toHaveValue(uscc);
  await expect(page.getByLabel('申报单位')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('委托代理人')).toHaveValue('李经办');
  await expect(page.getByPlaceholder('请输入邮政编码')).toBeVisible();
  await expect(page.getByText(SITE_FOOTER)).toBeVisible();
  await snap(page, info, 'apply');

  // An empty required field is named, as the manual's screens show.
  await page.getByRole('button', { name: '暂存' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请完整填写必填项' })).toBeVisible();
  await expect(page.locator('.ant-form-item-explain-error').filter({ hasText: '请输入邮政编码' })).toBeVisible();
  checkConsole();
});

test('engineer registers and lands on 二级注册结构工程师执业资格认定 prefilled; enterprise items explain why not', async ({ page }, info) => {
  // The refused start answers 403 on purpose; Chromium logs that as a failed resource.
  const checkConsole = watchConsole(page, [/status of 403/]);
  const portal = new Portal(page);
  const idp = new IdpPages(page);
  const idNumber = newIdNumber();

  await portal.openCatalog();
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await idp.registerNatural({ name: '赵工程师', idNumber, mobile: newMobile(), email: 'eng@example.cn' });
  await portal.expectLoggedInAs('赵工程师');
  await portal.logout();

  await portal.openCatalog();
  await portal.applyOnline('二级注册结构工程师执业资格认定');
  await idp.login(idNumber, PASSWORD);
  await expect(page).toHaveURL(/\/items\/struct-eng-2\/apply$/);
  await expect(page.getByLabel('申请人', { exact: true })).toHaveValue('赵工程师');
  await expect(page.getByLabel('证件号码')).toHaveValue(idNumber);
  await snap(page, info, 'apply');

  await portal.openCatalog();
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  await expect(page.getByText('当前账号不能办理此事项')).toBeVisible();
  await expect(page.getByText(/由企业（法人）申报/)).toBeVisible();
  await snap(page, info, 'wrong-kind');
  checkConsole();
});

test('guide page shows the 办事指南 and its 网上办理 goes to login', async ({ page }, info) => {
  const checkConsole = watchConsole(page);
  await page.goto('/items/nonlocal-filing');
  await expect(page.getByRole('heading', { name: '外埠企业进京从事勘察设计活动备案 办事指南' })).toBeVisible();
  for (const section of ['申请条件', '申请材料', '办理流程', '设定依据']) {
    await expect(page.getByRole('heading', { name: section })).toBeVisible();
  }
  await expect(page.getByText('企业诚信守法承诺书').first()).toBeVisible();
  await expect(page).toHaveTitle(documentTitle('外埠企业进京从事勘察设计活动备案 办事指南'));
  // 网上办理 at the top, not only after the long guide (and once more at its end).
  await expect(page.getByRole('link', { name: '网上办理' })).toHaveCount(2);
  await expect(page.getByRole('link', { name: '网上办理' }).first()).toBeInViewport();
  await snap(page, info, 'guide');
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole('link', { name: '网上办理' }).first()).toBeInViewport();
  await snap(page, info, 'guide-360');
  await page.getByRole('link', { name: '网上办理' }).first().click();
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  checkConsole();
});

test('the portal links the public columns from the header, the 系统导航区 and the home page; each page has its title and the one footer', async ({ page }, info) => {
  const checkConsole = watchConsole(page);
  await new Portal(page).openCatalog();
  await expect(page).toHaveTitle(documentTitle('勘察设计资格管理'));
  const header = page.getByRole('navigation', { name: '网站导航' });
  const systemNav = page.getByRole('navigation', { name: '系统导航区' });
  const home = page.getByRole('region', { name: '公示公告与查询' });
  for (const { title, path } of PUBLIC_LINKS) {
    for (const where of [header, systemNav, home]) await expect(where.getByRole('link', { name: title, exact: true })).toHaveAttribute('href', path);
  }
  await snap(page, info, 'home');
  for (const { title, path } of PUBLIC_LINKS) {
    await header.getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    await expect(page).toHaveTitle(documentTitle(title));
    await expect(page.getByRole('contentinfo')).toHaveText(SITE_FOOTER);
    await page.goBack();
  }
  await expect(page.getByRole('contentinfo')).toHaveText(SITE_FOOTER);
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(header.getByRole('link', { name: '政务服务好差评' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
  await expectAccessible(page, info, 'home-360');
  await snap(page, info, 'home-360');
  await systemNav.getByRole('link', { name: '资质资格公示' }).click();
  await expect(page).toHaveURL('/public/notices');
  checkConsole();
});

test('退出 lands on the home page, 20 times of 20, from 消息中心 and from 办事进度', async ({ page, context }) => {
  // One password login; then 20 app sessions of it, signed in silently by the identity provider
  // while its own session lasts (退出 ends that too), each ended by 退出 from a page behind login.
  await page.goto('/messages');
  await new IdpPages(page).login('91110108MA01D3M074', 'Zizhi@2026');
  await expect(page.getByRole('heading', { name: '消息中心' })).toBeVisible();
  const sessions: string[] = [];
  for (let i = 0; i < 20; i++) {
    await context.clearCookies({ name: 'zz_sid' });
    expect((await context.request.get('/auth/login?returnTo=%2Fmy')).url()).toMatch(/\/my$/);
    sessions.push((await context.cookies()).find((c) => c.name === 'zz_sid')!.value);
  }
  expect(new Set(sessions).size).toBe(20);

  const landed: string[] = [];
  for (const [i, sid] of sessions.entries()) {
    await context.addCookies([{ name: 'zz_sid', value: sid, url: page.url() }]);
    const from = i % 2 === 0 ? { path: '/messages', heading: '消息中心' } : { path: '/my', heading: '办事进度' };
    await page.goto(from.path);
    await expect(page.getByRole('heading', { name: from.heading })).toBeVisible();
    await page.getByRole('button', { name: '退出' }).click();
    // Either navigation, once committed, is final: the home page, or the login page of the bug.
    await page.waitForURL((url) => url.pathname === '/' || url.pathname.startsWith('/idp/'));
    landed.push(new URL(page.url()).pathname);
  }
  expect(landed, 'where 退出 landed').toEqual(Array(20).fill('/'));
  await expect(page.getByRole('heading', { name: /政务服务目录/ })).toBeVisible();
  await expect(page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
});
