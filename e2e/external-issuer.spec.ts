import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './test.ts';
import { Secret, TOTP } from 'otpauth';
import { CITY_CLAIM_MAP, MockIssuer } from '../test/support/mock-issuer.ts';
import { IdpPages, Portal, expectAccessible, newIdNumber, newMobile, newUscc, snap, watchConsole } from './support.ts';

/**
 * 北京市统一身份认证 played by a third-party OpenID Connect server (oauth2-mock-server, no login
 * page of its own) with claims under its own names; a second instance of the app points at it
 * (OIDC_ISSUER, OIDC_CLAIM_MAP, client_secret_post). Staff of that instance still log in at the
 * bundled identity provider with password and 动态口令.
 */

let mock: MockIssuer;
let app: ChildProcess;
let base: string;
let dataDir: string;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  mock = await MockIssuer.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'zizhi-e2e-external-'));
  const mapFile = path.join(dataDir, 'claims.json');
  writeFileSync(mapFile, JSON.stringify(CITY_CLAIM_MAP));
  const port = await freePort();
  base = `http://localhost:${port}`;
  app = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATA_DIR: path.join(dataDir, 'data'),
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: '',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'error',
      OIDC_ISSUER: mock.url,
      OIDC_CLIENT_ID: 'zizhi',
      OIDC_CLIENT_SECRET: 'secret-of-the-city',
      OIDC_TOKEN_AUTH: 'client_secret_post',
      OIDC_CLAIM_MAP: mapFile,
    },
  });
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 200 || app.exitCode !== null) throw new Error('the second app instance did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  await mock?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('统一身份认证 of another make: an enterprise and an engineer land in the wizard prefilled, staff reach the console', async ({ browser }, info) => {
  test.setTimeout(60_000);

  // An enterprise: 网上办理 → the external issuer → back in the wizard with what the issuer said.
  const uscc = newUscc();
  const orgName = `北京外部认证勘察设计${uscc.slice(-4)}有限公司`;
  mock.persona = {
    sub: `corp-${uscc}`,
    idToken: { user: { type: '2' } },
    userinfo: { user: { name: '刘经办', mobile: newMobile(), mail: 'corp@example.cn', org: { name: orgName, credit_code: uscc, legal_person: '王法人' } }, roles: ['secadmin'] },
  };
  const corp = await (await browser.newContext()).newPage();
  const checkCorp = watchConsole(corp, [/status of 401/]);
  await corp.goto(`${base}/`);
  const portal = new Portal(corp);
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  await expect(corp).toHaveURL(`${base}/items/survey-b/apply`);
  await expect(corp.getByLabel('申报单位')).toHaveValue(orgName);
  await expect(corp.getByLabel('申报单位')).toHaveAttribute('readonly', '');
  await expect(corp.getByLabel('统一社会信用代码')).toHaveValue(uscc);
  await expect(corp.getByLabel('委托代理人')).toHaveValue('刘经办');
  await portal.expectLoggedInAs(orgName);
  await expect(corp.getByRole('link', { name: '审批工作台' })).toHaveCount(0);
  await snap(corp, info, 'enterprise-wizard');
  // 退出 here and at the issuer (its end_session_endpoint), back on our home page.
  await portal.logout();
  await expect(corp).toHaveURL(`${base}/`);
  checkCorp();

  // An engineer.
  const idNumber = newIdNumber();
  mock.persona = { sub: `person-${idNumber}`, userinfo: { user: { type: '1', name: '赵工程师', cert_type: '111', cert_no: idNumber, mobile: newMobile() } } };
  const person = await (await browser.newContext()).newPage();
  await person.goto(`${base}/`);
  await new Portal(person).applyOnline('二级注册结构工程师执业资格认定');
  await expect(person).toHaveURL(`${base}/items/struct-eng-2/apply`);
  await expect(person.getByLabel('申请人', { exact: true })).toHaveValue('赵工程师');
  await expect(person.getByLabel('证件号码')).toHaveValue(idNumber);
  await snap(person, info, 'engineer-wizard');

  // Staff: the console starts the bundled identity provider — password, then 动态口令.
  mock.persona = undefined;
  const staff = await (await browser.newContext()).newPage();
  await staff.goto(`${base}/staff`);
  await expect(staff).toHaveURL(/\/idp\/interaction\//);
  await expect(staff.getByText('审批工作人员登录')).toBeVisible();
  await expect(staff.getByRole('link', { name: '立即注册' })).toHaveCount(0);
  const idp = new IdpPages(staff);
  await idp.login('shouli', 'Zizhi@2026');
  const secret = await idp.enrollmentSecret();
  await idp.submitTotp(TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }), true);
  await expect(staff.getByRole('heading', { name: '审批工作台' })).toBeVisible();
  await expect(staff.getByLabel('当前登录账号')).toContainText('李受理');
  await snap(staff, info, 'staff-console');

  // A 统一社会信用代码 that fails its check digit is refused with a page saying why and whom to call.
  const broken = uscc.slice(0, 17) + (uscc.endsWith('0') ? '1' : '0');
  mock.persona = { sub: `corp-${broken}`, userinfo: { user: { type: '2', name: '刘经办', org: { name: '北京校验位错误有限公司', credit_code: broken } } } };
  const refused = await (await browser.newContext()).newPage();
  await refused.goto(`${base}/items/design-b/apply`);
  await expect(refused.getByRole('heading', { name: '无法登录' })).toBeVisible();
  await expect(refused.getByRole('alert')).toContainText('统一身份认证提供的统一社会信用代码无效');
  await expect(refused.getByText(/登录注册问题咨询热线：010-58511090/)).toBeVisible();
  await snap(refused, info, 'refused-uscc');
  await expectAccessible(refused, info, 'login-refused');
});
