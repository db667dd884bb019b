/** 统一社会信用代码 (GB 32100-2015) with its embedded 组织机构代码 (GB 11714). */
import { listInvalidChars, normalizeCode } from './normalize.ts';
import { invalid, valid } from './result.ts';
import type { ValidationResult } from './result.ts';

/** The 31 code characters; a character's value is its index (no I, O, S, V, Z). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character (position 18) for the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar expects 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`invalid USCC character: ${first17.charAt(i)}`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714 check character for an 8-character 组织机构代码 body. */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('orgCodeCheckChar expects 8 of [0-9A-Z]');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += parseInt(first8.charAt(i), 36) * ORG_CODE_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function validateUscc(input: string): ValidationResult {
  const value = normalizeCode(input);
  if (value === '') return invalid('请输入统一社会信用代码');
  if (value.length !== 18) return invalid('统一社会信用代码应为18位');
  const bad = listInvalidChars(value, USCC_CHARSET);
  if (bad !== '') return invalid(`统一社会信用代码含有无效字符：${bad}`);
  if (usccCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return invalid('统一社会信用代码校验位错误，请核对后重新输入');
  }
  // Characters 9–17 are a 组织机构代码 carrying its own check character.
  if (orgCodeCheckChar(value.slice(8, 16)) !== value.charAt(16)) {
    return invalid('统一社会信用代码中的组织机构代码校验位错误，请核对后重新输入');
  }
  return valid(value);
}
