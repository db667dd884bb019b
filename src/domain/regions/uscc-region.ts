/**
 * Characters 3–8 of a 统一社会信用代码 are its registration authority's GB/T 2260 division
 * (GB 32100, REFERENCE §1.5.1, §6.3). A 外埠 filing reads them twice: a code registered in 北京
 * cannot file, and the form's 行政所属区划 must lie where the code was registered.
 */
import { validateUscc } from '../identifiers/index.ts';
import { findRegionName, provinceOf, regionPath } from './index.ts';

/** 直辖市: their second level (市辖区 XX01, 县 XX02) is no prefecture, and counties move between them. */
const MUNICIPALITIES: ReadonlySet<string> = new Set(['110000', '120000', '310000', '500000']);

export interface UsccRegistration {
  /** The USCC in its normal form. */
  uscc: string;
  /** 登记管理机关行政区划码: the six characters as written, e.g. 130102. */
  code: string;
  /** XX0000 when the code names a province of the current data. */
  province?: string;
  /**
   * XXYY00 when the code names a prefecture (YY ≠ 00) of the current data, outside the 直辖市.
   * A prefecture abolished since the code was issued (莱芜 3712) is not named: only the province counts.
   */
  prefecture?: string;
}

/** Where a valid USCC was registered; undefined for an invalid code (its own check says why). */
export function usccRegistration(input: string): UsccRegistration | undefined {
  const r = validateUscc(input);
  if (!r.ok) return undefined;
  const uscc = r.value;
  const code = uscc.slice(2, 8);
  // National registrations (100000) and other codes outside GB/T 2260 name no province.
  if (!/^\d{6}$/.test(code) || !findRegionName(provinceOf(code))) return { uscc, code };
  const province = provinceOf(code);
  const prefecture = `${code.slice(0, 4)}00`;
  const named = code.slice(2, 4) !== '00' && !MUNICIPALITIES.has(province) && findRegionName(prefecture) !== undefined;
  return { uscc, code, province, ...(named ? { prefecture } : {}) };
}

/**
 * A division's name from the province down, a 直辖市's repeated name once (110108 → 北京市海淀区);
 * for a code no longer in the data, the nearest level that is. Undefined when nothing is known.
 */
export function regionDisplayName(code: string): string | undefined {
  const candidates = [code, `${code.slice(0, 4)}00`, provinceOf(code)];
  const known = candidates.find((c) => regionPath(c) !== undefined);
  if (!known) return undefined;
  return regionPath(known)!.filter((name, i, all) => name !== all[i - 1]).join('');
}

/**
 * The refusal when a USCC was registered in one of `provinces` (XX0000), e.g. 北京 for a 外埠
 * filing: names the code, its division code and the province, then `reason`. Undefined otherwise.
 */
export function usccRegisteredInMessage(uscc: string, provinces: readonly string[], reason: string): string | undefined {
  const reg = usccRegistration(uscc);
  if (!reg?.province || !provinces.includes(reg.province)) return undefined;
  return `统一社会信用代码${reg.uscc}的登记管理机关行政区划码${reg.code}属于${findRegionName(reg.province)}，${reason}`;
}

/**
 * The field error when a chosen region (`label`, a GB/T 2260 code) does not lie where the USCC was
 * registered: the same province, and the same prefecture where the code names one. Counties are
 * not compared (district codes change yearly). Undefined when they agree or the USCC says nothing.
 */
export function regionUsccMismatch(regionCode: string, uscc: string, label = '行政所属区划'): string | undefined {
  const reg = usccRegistration(uscc);
  if (!reg?.province) return undefined;
  const expected = reg.prefecture ?? reg.province;
  const prefix = reg.prefecture ? expected.slice(0, 4) : expected.slice(0, 2);
  if (regionCode.startsWith(prefix)) return undefined;
  const chosen = regionDisplayName(regionCode);
  return (
    `${label}${chosen ?? ''}（${regionCode}）与统一社会信用代码的登记管理机关行政区划码${reg.code}（${regionDisplayName(reg.code)}）不符，` +
    `应选择${regionDisplayName(expected)}内的区划`
  );
}
