import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../../../../test/support/app.ts';
import {
  alertText,
  corruptDigit,
  fieldError,
  idpUserCount,
  inputValue,
  loginAs,
  logout,
  newBrowser,
  registerLegal,
  registerNatural,
  TEST_PASSWORD,
} from '../../../../test/support/flows.ts';

// Registration is rate-limited to 10 submissions a minute per app: every test builds its own.
const withApp = withTestApp;

const CHECK_DIGIT = '统一社会信用代码校验位错误，请核对后重新输入';
const POLICY = '密码须包含大写字母、小写字母、数字、特殊字符中的至少三类';

test('a 法人 registers with a valid 统一社会信用代码 and lands logged in on the page asked for', () =>
  withApp(async (t) => {
    for (const uscc of ['911301007454005196', '91130434106870661A']) {
      const browser = newBrowser(t);
      const { form } = await registerLegal(browser, { uscc }, '/items/survey-b/apply?from=guide');
      assert.equal(browser.lastUrl, '/items/survey-b/apply?from=guide', 'returnTo honoured after registration');

      const { account, csrfToken } = await browser.sessionInfo();
      assert.ok(account, 'logged in right after registering');
      assert.ok(csrfToken);
      assert.equal(account.kind, 'legal');
      assert.equal(account.displayName, form.orgName);
      assert.equal(account.profile.orgName, form.orgName);
      assert.equal(account.profile.uscc, uscc);
      assert.equal(account.profile.legalRep, form.legalRep);
      assert.equal(account.profile.agentName, form.agentName);
      assert.equal(account.profile.mobile, form.mobile);
      assert.equal(account.profile.email, form.email);
      assert.deepEqual(account.roles, []);
    }
    assert.equal(await idpUserCount(t), 2);
  }));

test('the 统一社会信用代码 is stored in normal form: lower case, spaces and full-width digits are accepted', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    await registerLegal(browser, { uscc: '９１１３０４３４ 1068-70661a' });
    const { account } = await browser.sessionInfo();
    assert.equal(account?.profile.uscc, '91130434106870661A');
  }));

test('a 统一社会信用代码 with one corrupted character is refused, values kept, password not echoed', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const bad = corruptDigit('911301007454005196', 5);
    const { res, form } = await registerLegal(browser, { uscc: bad, password: 'Secret#Pass9', passwordConfirm: 'Secret#Pass9' });

    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'uscc'), CHECK_DIGIT);
    assert.match(alertText(res.body), /统一社会信用代码校验位错误/);
    assert.match(res.body, /<h1>法人用户注册<\/h1>/, 'the registration page is shown again');
    assert.equal(inputValue(res.body, 'uscc'), bad);
    assert.equal(inputValue(res.body, 'orgName'), form.orgName);
    assert.equal(inputValue(res.body, 'legalRep'), form.legalRep);
    assert.equal(inputValue(res.body, 'agentName'), form.agentName);
    assert.equal(inputValue(res.body, 'mobile'), form.mobile);
    assert.equal(inputValue(res.body, 'email'), form.email);
    assert.equal(inputValue(res.body, 'password'), '');
    assert.equal(inputValue(res.body, 'passwordConfirm'), '');
    assert.ok(!res.body.includes('Secret#Pass9'), 'the password is never sent back');
    // …and the page says so, in the summary and where the passwords are typed.
    assert.match(alertText(res.body), /请重新输入密码和确认密码/);
    assert.match(res.body, /<p class="reenter" id="f-password-reenter">[^<]*请重新输入密码和确认密码/);
    assert.match(res.body, /id="f-password"[^>]*aria-describedby="f-password-reenter /);
    assert.match(res.body, /id="f-passwordConfirm"[^>]*aria-describedby="f-password-reenter"/);

    assert.equal(await idpUserCount(t), 0);
    assert.equal((await browser.sessionInfo()).account, null);
  }));

test('the corrected form can be submitted from the re-rendered page', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const { res, form } = await registerLegal(browser, { uscc: corruptDigit('911301007454005196', 2) }, '/items/survey-b/apply');
    assert.equal(res.statusCode, 400);
    // A browser sends the whole form again: the kept values plus the corrected code and re-typed password.
    await browser.submit(res.body, { ...form, uscc: '911301007454005196' });
    assert.equal(browser.lastUrl, '/items/survey-b/apply');
    assert.equal((await browser.sessionInfo()).account?.profile.uscc, '911301007454005196');
  }));

test('a duplicate 统一社会信用代码 is refused', () =>
  withApp(async (t) => {
    await registerLegal(newBrowser(t), { uscc: '91130434106870661A' });
    assert.equal(await idpUserCount(t), 1);

    const second = newBrowser(t);
    const { res } = await registerLegal(second, { uscc: '91130434106870661A', orgName: '另一家公司' });
    assert.equal(res.statusCode, 400);
    assert.match(fieldError(res.body, 'uscc') ?? '', /^该统一社会信用代码已注册/);
    assert.equal(inputValue(res.body, 'orgName'), '另一家公司');
    assert.equal(await idpUserCount(t), 1);
    assert.equal((await second.sessionInfo()).account, null);
  }));

test('a duplicate mobile number is refused', () =>
  withApp(async (t) => {
    const { form } = await registerLegal(newBrowser(t));
    const { res } = await registerNatural(newBrowser(t), { mobile: form.mobile! });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'mobile'), '该手机号码已被其他账号使用');
    assert.equal(await idpUserCount(t), 1);
  }));

test('a 自然人 registers with 居民身份证 and is a natural account', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const { form } = await registerNatural(browser, { idNumber: '11010519491231002x' }, '/items/struct-eng-2/apply');
    assert.equal(browser.lastUrl, '/items/struct-eng-2/apply');
    const { account } = await browser.sessionInfo();
    assert.ok(account);
    assert.equal(account.kind, 'natural');
    assert.equal(account.displayName, form.name);
    assert.equal(account.profile.name, form.name);
    assert.equal(account.profile.idType, '居民身份证');
    assert.equal(account.profile.idNumber, '11010519491231002X', 'stored in normal form');
    assert.equal(account.profile.orgName, undefined);
    assert.equal(account.profile.uscc, undefined);
  }));

test('an ID number with a wrong check digit is refused', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const bad = corruptDigit('11010519491231002X', 15);
    const { res, form } = await registerNatural(browser, { idNumber: bad });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'idNumber'), '身份证号码校验位错误，请核对后重新输入');
    assert.match(res.body, /<h1>自然人用户注册<\/h1>/);
    assert.equal(inputValue(res.body, 'idNumber'), bad);
    assert.equal(inputValue(res.body, 'name'), form.name);
    assert.equal(await idpUserCount(t), 0);
  }));

test('a duplicate ID number is refused', () =>
  withApp(async (t) => {
    await registerNatural(newBrowser(t), { idNumber: '11010519491231002X' });
    const second = newBrowser(t);
    const { res } = await registerNatural(second, { idNumber: '11010519491231002X' });
    assert.equal(res.statusCode, 400);
    assert.match(fieldError(res.body, 'idNumber') ?? '', /^该证件号码已注册/);
    assert.equal(await idpUserCount(t), 1);
    assert.equal((await second.sessionInfo()).account, null);
  }));

test('weak passwords are refused with the password policy', () =>
  withApp(async (t) => {
    for (const weak of ['password', 'abcdefgh', '12345678']) {
      const { res } = await registerLegal(newBrowser(t), { password: weak, passwordConfirm: weak });
      assert.equal(res.statusCode, 400, weak);
      assert.equal(fieldError(res.body, 'password'), POLICY, weak);
      assert.ok(!res.body.includes(`value="${weak}"`), 'the password is never sent back');
    }
    const { res } = await registerLegal(newBrowser(t), { password: 'Ab1!', passwordConfirm: 'Ab1!' });
    assert.equal(fieldError(res.body, 'password'), '密码长度应为8至64位');
    assert.equal(await idpUserCount(t), 0);
  }));

test('a password containing the login id is refused', () =>
  withApp(async (t) => {
    const password = 'Aa!911301007454005196';
    const { res } = await registerLegal(newBrowser(t), { uscc: '911301007454005196', password, passwordConfirm: password });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'password'), '密码不能包含手机号、统一社会信用代码或证件号码');
    assert.equal(await idpUserCount(t), 0);
  }));

test('a mismatching confirmation is refused', () =>
  withApp(async (t) => {
    const { res } = await registerLegal(newBrowser(t), { password: TEST_PASSWORD, passwordConfirm: `${TEST_PASSWORD}x` });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'passwordConfirm'), '两次输入的密码不一致');
    assert.equal(await idpUserCount(t), 0);
  }));

test('missing required fields are each named', () =>
  withApp(async (t) => {
    const { res } = await registerLegal(newBrowser(t), { orgName: '', legalRep: '  ', agentName: '', mobile: '' });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'orgName'), '请输入单位名称');
    assert.equal(fieldError(res.body, 'legalRep'), '请输入法定代表人');
    assert.equal(fieldError(res.body, 'agentName'), '请输入经办人姓名');
    assert.equal(fieldError(res.body, 'mobile'), '请输入手机号码');
    assert.equal(await idpUserCount(t), 0);
  }));

test('markup typed into 单位名称 comes back escaped, never as markup', () =>
  withApp(async (t) => {
    const orgName = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const { res } = await registerLegal(newBrowser(t), { orgName, uscc: corruptDigit('911301007454005196', 3) });
    assert.equal(res.statusCode, 400);
    assert.ok(!res.body.includes('<script>alert'), 'no raw <script> in the page');
    assert.ok(!res.body.includes('<img src=x'), 'no injected element');
    assert.ok(res.body.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), 'shown as text');
    assert.equal(inputValue(res.body, 'orgName'), '&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#62;&#60;img src=x onerror=alert(2)&#62;');
  }));

test('markup, control, direction and zero-width characters and emoji in names are refused, naming the field', () =>
  withApp(async (t) => {
    const legal: [Record<string, string>, string, string][] = [
      [{ orgName: '<script>alert(1)</script>' }, 'orgName', '单位名称含有不允许的字符“<”“>”“/”，请只填写单位的登记名称'],
      [{ orgName: '北京\u202E司公限有计设' }, 'orgName', '单位名称含有不可见的文字方向控制符（U+202E），请删除后重新输入'],
      [{ orgName: 'A&B工程咨询有限公司' }, 'orgName', '单位名称含有不允许的字符“&”，请只填写单位的登记名称'],
      [{ legalRep: '"><img src=x onerror=1>' }, 'legalRep', '法定代表人含有不允许的字符“"”“>”“<”，请按身份证件填写姓名'],
      [{ agentName: '刘\u200B经办' }, 'agentName', '经办人姓名含有不可见的零宽字符（U+200B），请删除后重新输入'],
      [{ agentName: '刘经办😀' }, 'agentName', '经办人姓名含有不允许的字符“😀”，请按身份证件填写姓名'],
    ];
    // The page escapes what it shows (&#60; for <).
    const text = (html: string | undefined) => html?.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
    for (const [overrides, field, message] of legal) {
      const { res } = await registerLegal(newBrowser(t), overrides);
      assert.equal(res.statusCode, 400, JSON.stringify(overrides));
      assert.equal(text(fieldError(res.body, field)), message);
      assert.match(alertText(res.body), new RegExp(message.slice(0, 8)));
      assert.doesNotMatch(res.body, /<script>alert|<img src=x/, 'what was typed is shown as text');
    }
    const { res } = await registerNatural(newBrowser(t), { name: '张三\u0007' });
    assert.equal(res.statusCode, 400);
    assert.equal(fieldError(res.body, 'name'), '姓名含有不可见的控制字符（U+0007），请删除后重新输入');
    assert.equal(await idpUserCount(t), 0);
  }));

test('real names register as typed: middle dot, parentheses, Latin letters, extension ideographs; spaces made single', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    await registerLegal(browser, { orgName: '奥雅纳工程咨询（上海）有限公司北京XYZ分公司', legalRep: '阿卜杜热合曼·买买提', agentName: 'John\u3000 Smith' });
    const { account } = await browser.sessionInfo();
    assert.equal(account?.profile.orgName, '奥雅纳工程咨询（上海）有限公司北京XYZ分公司');
    assert.equal(account?.profile.legalRep, '阿卜杜热合曼·买买提');
    assert.equal(account?.profile.agentName, 'John Smith');
    const engineer = newBrowser(t);
    await registerNatural(engineer, { name: '𠮷田张三（曾用名李四）' });
    assert.equal((await engineer.sessionInfo()).account?.profile.name, '𠮷田张三（曾用名李四）');
  }));

test('a name stored before the rule, markup included, still reaches the app as plain data', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const { form } = await registerLegal(browser);
    await logout(browser);
    const user = await t.database.db.selectFrom('idpUsers').select(['id', 'profile']).where('uscc', '=', form.uscc!).executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('idpUsers')
      .set({ profile: JSON.stringify({ ...(user.profile as Record<string, string>), orgName: '<b>粗体</b>公司' }) })
      .where('id', '=', user.id)
      .execute();
    await loginAs(browser, form.uscc!, form.password!);
    const res = await browser.request('GET', '/api/session');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.json().account.profile.orgName, '<b>粗体</b>公司');
  }));
