import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEmail, validateMobile, validatePhone, validatePostalCode } from './contact.ts';
import type { ValidationResult } from './result.ts';

type Case = [input: string, expected: ValidationResult];
const ok = (value: string): ValidationResult => ({ ok: true, value });
const err = (message: string): ValidationResult => ({ ok: false, message });

const TABLES: Array<[name: string, validate: (input: string) => ValidationResult, cases: Case[]]> = [
  ['validatePostalCode', validatePostalCode, [
    ['100000', ok('100000')],
    ['010010', ok('010010')], // 呼和浩特, leading zero
    [' 050000 ', ok('050000')],
    ['０５００００', ok('050000')],
    ['', err('请输入邮政编码')],
    ['   ', err('请输入邮政编码')],
    ['000000', err('邮政编码无效')],
    ['10000', err('邮政编码应为6位数字')],
    ['1000000', err('邮政编码应为6位数字')],
    ['10000A', err('邮政编码应为6位数字')],
    ['100-000', err('邮政编码应为6位数字')],
  ]],
  ['validateMobile', validateMobile, [
    ['13812345678', ok('13812345678')],
    ['19912345678', ok('19912345678')],
    ['138 1234 5678', ok('13812345678')],
    ['138-1234-5678', ok('13812345678')],
    ['+86 138 1234 5678', ok('13812345678')],
    ['+8613812345678', ok('13812345678')],
    ['8613812345678', ok('13812345678')],
    ['１３８１２３４５６７８', ok('13812345678')],
    ['', err('请输入手机号码')],
    ['12812345678', err('请输入正确的手机号码')],
    ['1381234567', err('请输入正确的手机号码')],
    ['138123456789', err('请输入正确的手机号码')],
    ['+1 13812345678', err('请输入正确的手机号码')],
    ['010-12345678', err('请输入正确的手机号码')],
  ]],
  ['validatePhone', validatePhone, [
    ['010-12345678', ok('010-12345678')],
    ['01012345678', ok('01012345678')],
    ['0571-1234567', ok('0571-1234567')],
    ['0571-12345678-801', ok('0571-12345678-801')],
    ['(010) 12345678', ok('010-12345678')],
    ['010 12345678', ok('010-12345678')],
    ['０１０－１２３４５６７８', ok('010-12345678')],
    ['13812345678', ok('13812345678')],
    ['+86 138-1234-5678', ok('13812345678')],
    ['', err('请输入联系电话')],
    ['12345678', err('请输入正确的电话号码，如010-12345678或11位手机号码')],
    ['010-123456', err('请输入正确的电话号码，如010-12345678或11位手机号码')],
    ['010-123456789', err('请输入正确的电话号码，如010-12345678或11位手机号码')],
    ['010-12345678-1234567', err('请输入正确的电话号码，如010-12345678或11位手机号码')],
    ['0a0-12345678', err('请输入正确的电话号码，如010-12345678或11位手机号码')],
  ]],
  ['validateEmail', validateEmail, [
    ['zhang.san@example.com', ok('zhang.san@example.com')],
    ['Zhang.San@Example.COM', ok('Zhang.San@example.com')],
    ['  user+tag@mail.gov.cn ', ok('user+tag@mail.gov.cn')],
    ['user＠example.com', ok('user@example.com')],
    [`${'a'.repeat(64)}@example.com`, ok(`${'a'.repeat(64)}@example.com`)],
    ['', err('请输入电子邮箱')],
    ['zhang san@example.com', err('电子邮箱不能包含空格')],
    ['zhangsan.example.com', err('电子邮箱应包含且只包含一个@')],
    ['a@b@example.com', err('电子邮箱应包含且只包含一个@')],
    ['@example.com', err('电子邮箱@前的用户名不能为空')],
    [`${'a'.repeat(65)}@example.com`, err('电子邮箱@前的用户名不能超过64个字符')],
    ['user@localhost', err('电子邮箱域名格式不正确')],
    ['user@', err('电子邮箱域名格式不正确')],
    ['user@.com', err('电子邮箱域名格式不正确')],
    ['user@example.', err('电子邮箱域名格式不正确')],
    ['user@example..com', err('电子邮箱域名格式不正确')],
    ['user@-example.com', err('电子邮箱域名格式不正确')],
    ['us,er@example.com', err('电子邮箱含有无效字符')],
  ]],
];

for (const [name, validate, cases] of TABLES) {
  for (const [input, expected] of cases) {
    test(`${name}(${JSON.stringify(input)})`, () => assert.deepEqual(validate(input), expected));
  }
}
