/** 邮政编码, 手机, 固定电话 and email checks. */
import { toHalfWidth } from './normalize.ts';
import { invalid, valid } from './result.ts';
import type { ValidationResult } from './result.ts';

export function validatePostalCode(input: string): ValidationResult {
  const value = toHalfWidth(input).replace(/\s/g, '');
  if (value === '') return invalid('请输入邮政编码');
  if (!/^\d{6}$/.test(value)) return invalid('邮政编码应为6位数字');
  if (value === '000000') return invalid('邮政编码无效');
  return valid(value);
}

/** Mainland mobile; spaces, hyphens and a +86 / 86 country prefix are stripped. */
export function validateMobile(input: string): ValidationResult {
  const compact = toHalfWidth(input).replace(/[\s\-\u2010-\u2015]/g, '');
  if (compact === '') return invalid('请输入手机号码');
  const match = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(compact);
  return match ? valid(match[1]!) : invalid('请输入正确的手机号码');
}

/** Fixed line such as 010-12345678 or 0571-1234567-801; a mobile is also accepted. */
export function validatePhone(input: string): ValidationResult {
  const text = toHalfWidth(input).trim();
  if (text === '') return invalid('请输入联系电话');
  const mobile = validateMobile(text);
  if (mobile.ok) return mobile;
  // "(010) 12345678" → "010-12345678"; runs of spaces/dashes become one hyphen.
  const value = text
    .replace(/^\((0\d{2,3})\)\s*/, '$1-')
    .replace(/[\s\-\u2010-\u2015]+/g, '-');
  if (/^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(value)) return valid(value);
  return invalid('请输入正确的电话号码，如010-12345678或11位手机号码');
}

/** Pragmatic address check; the domain part is lower-cased. */
export function validateEmail(input: string): ValidationResult {
  const text = toHalfWidth(input).trim();
  if (text === '') return invalid('请输入电子邮箱');
  if (/\s/.test(text)) return invalid('电子邮箱不能包含空格');
  const parts = text.split('@');
  if (parts.length !== 2) return invalid('电子邮箱应包含且只包含一个@');
  const [local = '', domain = ''] = parts;
  if (local === '') return invalid('电子邮箱@前的用户名不能为空');
  if (local.length > 64) return invalid('电子邮箱@前的用户名不能超过64个字符');
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label === '' || /^-|-$/.test(label))) {
    return invalid('电子邮箱域名格式不正确');
  }
  if (/[<>()[\]\\,;:"]/.test(text)) return invalid('电子邮箱含有无效字符');
  return valid(`${local}@${domain.toLowerCase()}`);
}
