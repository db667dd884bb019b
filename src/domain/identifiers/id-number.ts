/** 居民身份证号码 (GB 11643-1999). */
import { listInvalidChars, normalizeCode } from './normalize.ts';
import { invalid, valid } from './result.ts';
import type { ValidationResult } from './result.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** Province-level codes (first two digits), incl. 71 台湾, 81 香港, 82 澳门, 83 台湾居民居住证. */
export const ID_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Earliest accepted birth year; nobody born earlier holds an 18-digit number. */
const MIN_BIRTH_YEAR = 1900;

/** Check character (position 18) for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar expects 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS.charAt(sum % 11);
}

type Ymd = { year: number; month: number; day: number };

/** Birth date from positions 7–14, or null when it is not a real calendar date. */
function birthDate(value: string): Ymd | null {
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? { year, month, day } : null;
}

function localYmd(today: Date): Ymd {
  return { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() };
}

const ymdKey = (d: Ymd): number => d.year * 10000 + d.month * 100 + d.day;

export function validateIdNumber(input: string, today: Date = new Date()): ValidationResult {
  const value = normalizeCode(input);
  if (value === '') return invalid('请输入身份证号码');
  if (value.length === 15 && /^\d{15}$/.test(value)) {
    return invalid('15位旧身份证号码已停用，请输入18位号码');
  }
  if (value.length !== 18) return invalid('身份证号码应为18位');
  const bad = listInvalidChars(value, '0123456789X');
  if (bad !== '') return invalid(`身份证号码含有无效字符：${bad}`);
  if (value.slice(0, 17).includes('X')) return invalid('身份证号码只有最后一位可以是X');
  if (!ID_PROVINCE_CODES.has(value.slice(0, 2))) return invalid('身份证号码地址码无效');
  const birth = birthDate(value);
  if (birth === null || birth.year < MIN_BIRTH_YEAR) return invalid('身份证号码出生日期无效');
  if (ymdKey(birth) > ymdKey(localYmd(today))) return invalid('身份证号码出生日期晚于当前日期');
  if (idNumberCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return invalid('身份证号码校验位错误，请核对后重新输入');
  }
  return valid(value);
}

/** Whether a valid ID number's holder is at least `minAge` full years old on `today`. */
export function isAdultIdNumber(value: string, today: Date, minAge = 16): boolean {
  const result = validateIdNumber(value, today);
  if (!result.ok) return false;
  const birth = birthDate(result.value);
  if (birth === null) return false;
  const now = localYmd(today);
  // A 29 February birthday is reached on 1 March in common years.
  const age = now.year - birth.year - (now.month * 100 + now.day < birth.month * 100 + birth.day ? 1 : 0);
  return age >= minAge;
}
