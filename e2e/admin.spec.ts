import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from './test.ts';
import { staffAccountOf, staffLogin } from './staff-driver.ts';
import { snap, watchConsole } from './support.ts';

/** An administrator in a demo member's role logs in (password, then the 动态口令 of its authenticator), landing on `path`. */
async function adminLogin(browser: Browser, username: string, path: string, heading: string, info: TestInfo): Promise<Page> {
  const page = await staffLogin(browser, username, info, { path, heading });
  await snap(page, info, username);
  return page;
}

test('三员: the system administrator creates an account, the security administrator grants a role, the audit administrator reads both', async ({ browser }, info) => {
  // Three administrators log in and bind their 动态口令; then the audit log and its export.
  test.setTimeout(150_000);
  const username = `kefu${Date.now() % 100000}`;
  const sys = await adminLogin(browser, 'xitong', '/admin/staff', '工作人员账号', info);
  const checkConsole = watchConsole(sys);
  await expect(sys.getByRole('link', { name: '审批工作台' })).toHaveCount(0);
  await sys.getByRole('button', { name: '新建工作人员账号' }).click();
  const dialog = sys.getByRole('dialog');
  await dialog.getByLabel('用户名').fill(username);
  await dialog.getByLabel('姓名').fill('新受理员');
  await dialog.getByLabel('手机').fill(`137${String(Date.now()).slice(-8)}`);
  await dialog.getByLabel('初始密码').fill('Xin#Tong2026');
  await dialog.getByRole('button', { name: '创建' }).click();
  const row = sys.getByRole('row', { name: new RegExp(username) });
  await expect(row.getByText('未分配')).toBeVisible();
  await expect(row.getByRole('button', { name: '分配岗位' })).toHaveCount(0);
  checkConsole();

  const sec = await adminLogin(browser, 'anquan', '/admin/staff', '工作人员账号', info);
  const secRow = sec.getByRole('row', { name: new RegExp(username) });
  await secRow.getByRole('button', { name: '分配岗位' }).click();
  await sec.getByRole('combobox', { name: '岗位' }).click();
  await sec.getByTitle('受理', { exact: true }).click();
  await sec.keyboard.press('Escape');
  await sec.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(secRow.getByText('受理', { exact: true })).toBeVisible();
  await expect(secRow.getByRole('button', { name: '停用' })).toHaveCount(0);
  await snap(sec, info, 'roles-granted');

  const audit = await adminLogin(browser, 'shenji', '/admin/audit', '审计日志', info);
  const checkAuditConsole = watchConsole(audit);
  await audit.getByRole('combobox', { name: '按操作类型筛选' }).fill('调整岗位');
  await audit.getByTitle('调整岗位', { exact: true }).click();
  const granted = audit.getByRole('row', { name: /调整岗位/ }).first();
  await expect(granted.getByRole('cell', { name: '账号 新受理员' })).toBeVisible();
  await expect(granted.getByRole('cell', { name: /（安全管理员）/ })).toBeVisible();
  await snap(audit, info, 'audit-log');
  // The export is what the filters show: a CSV Excel opens in Chinese (BOM).
  const download = audit.waitForEvent('download');
  await audit.getByRole('link', { name: '导出CSV' }).click();
  const csv = readFileSync((await (await download).path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.subarray(3).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('时间,操作人,登录名,操作,操作代码,结果,对象,对象标识,来源地址,请求编号,详情');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.includes(',调整岗位,admin.staff-roles,'))).toBe(true);
  await audit.goto('/admin/audit');
  await audit.getByLabel('按操作人筛选').fill(staffAccountOf(audit).username);
  await audit.getByLabel('按操作人筛选').press('Enter');
  await expect(audit.getByRole('row', { name: /导出审计日志/ }).first()).toBeVisible();
  checkAuditConsole();
});
