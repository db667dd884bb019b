/**
 * The characters of names (单位名称, 姓名) and addresses. They are printed verbatim on official
 * documents (资质证书, 决定书) and the public 公示, so a character no real name contains — markup
 * (< > " ' &), control, zero-width and direction characters, emoji — is refused, not escaped or
 * stripped: a refused name can be corrected, a silently changed one is not what was typed.
 */
import { invalid, valid, type ValidationResult } from './result.ts';

/** Which rule a field follows: a registered name of a unit, a person's name, or an address. */
export type NameKind = 'org-name' | 'person-name' | 'address';

// Ranges rather than \p{Script=Han}: planes 2 and 3 are reserved for ideographs, so extensions
// newer than the browser's Unicode tables (Ext. G–J) are accepted too. 々 and 〇 occur in names.
const HAN = '\\u3005\\u3007\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}';
// ASCII and full-width letters, accented Latin (pinyin ü, foreign names), Roman numerals (Ⅱ期).
const LATIN = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF\\u2160-\\u217F\\uFF21-\\uFF3A\\uFF41-\\uFF5A';
const DIGITS = '0-9\\uFF10-\\uFF19';
// Space; the middle dot of minority and foreign names as IMEs type it (· • ‧ ・ ･); parentheses
// (分公司（北京）, 曾用名); hyphen and period (Jean-Pierre, J. Smith).
const NAME_MARKS = ' \\u00B7\\u2022\\u2027\\u30FB\\uFF65()\\uFF08\\uFF09\\-\\uFF0D.\\uFF0E';
// Addresses also list and number: 1号院3号楼、5号楼，B1-101，#2, 3/F, 1—3层, 3~5号.
const ADDRESS_MARKS = '\\u3001\\uFF0C,#\\uFF03/\\uFF0F\\u2013\\u2014~\\uFF5E';

const NAME_CHAR = new RegExp(`^[${HAN}${LATIN}${DIGITS}${NAME_MARKS}]$`, 'u');
const ADDRESS_CHAR = new RegExp(`^[${HAN}${LATIN}${DIGITS}${NAME_MARKS}${ADDRESS_MARKS}]$`, 'u');

/** Any run of spaces (an IME's full-width one, a pasted no-break space) is one ASCII space. */
const SPACES = /\p{Zs}+/gu;

const ADVICE: Record<NameKind, string> = {
  'org-name': '请只填写单位的登记名称',
  'person-name': '请按身份证件填写姓名',
  address: '请只填写地址',
};

const INVISIBLE = /[\p{C}\p{M}\p{Zl}\p{Zp}]/u;

function describeInvisible(ch: string): string {
  if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(ch)) return '文字方向控制符';
  if (/[\u180E\u200B-\u200D\u2060\uFEFF]/.test(ch)) return '零宽字符';
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(ch)) return '控制字符';
  if (/\p{M}/u.test(ch)) return '组合符号或变体选择符';
  return '无法显示的字符';
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * `input` as a `kind` of name or address, for the field `label`: trimmed, runs of spaces made one
 * space; refused naming the first characters not allowed (up to three), or the invisible one.
 */
export function validateNameText(kind: NameKind, label: string, input: string): ValidationResult {
  const value = input.replace(SPACES, ' ').trim();
  const allowed = kind === 'address' ? ADDRESS_CHAR : NAME_CHAR;
  const bad = [...new Set([...value].filter((ch) => !allowed.test(ch)))];
  if (bad.length === 0) return valid(value);
  const visible = bad.filter((ch) => !INVISIBLE.test(ch));
  if (visible.length > 0) return invalid(`${label}含有不允许的字符${visible.slice(0, 3).map((ch) => `“${ch}”`).join('')}，${ADVICE[kind]}`);
  return invalid(`${label}含有不可见的${describeInvisible(bad[0]!)}（${codePoint(bad[0]!)}），请删除后重新输入`);
}
