/**
 * GB/T 2260 administrative divisions: province (XX0000) → city (XXYY00) → county (XXYYZZ).
 * The data is a dated snapshot (see REGION_SOURCE); codes change yearly, so stored values are
 * shown through regionPath and an unknown (e.g. abolished) code simply has no path.
 */
import { REGION_DATA, REGION_SOURCE } from './data.ts';
import type { Province } from './provinces.ts';

export { REGION_SOURCE };
export { BEIJING_CODE, PROVINCES, type Province } from './provinces.ts';

/** A division at any level: province XX0000, city XXYY00, county XXYYZZ. */
export type Region = Province;

/** Cascader node (antd Cascader `options` shape). */
export interface RegionNode {
  value: string;
  label: string;
  children?: RegionNode[];
}

const NAMES = new Map<string, string>();
const CHILDREN = new Map<string, Region[]>();
const ROOT: Region[] = [];

for (const entry of REGION_DATA.split(',')) {
  const region = { code: entry.slice(0, 6), name: entry.slice(6) };
  NAMES.set(region.code, region.name);
  const parent = parentCode(region.code);
  if (parent === undefined) ROOT.push(region);
  else {
    const list = CHILDREN.get(parent) ?? [];
    list.push(region);
    CHILDREN.set(parent, list);
  }
}

function parentCode(code: string): string | undefined {
  if (code.endsWith('0000')) return undefined;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

export function findRegionName(code: string): string | undefined {
  return NAMES.get(code);
}

/** Cities of a province, counties of a city, provinces for no argument; [] for a leaf or unknown code. */
export function regionChildren(code?: string): readonly Region[] {
  return code === undefined ? ROOT : (CHILDREN.get(code) ?? []);
}

/** Codes from the province down to `code`, e.g. 441900 → [440000, 441900]; undefined when unknown. */
export function regionCodePath(code: string): string[] | undefined {
  if (!NAMES.has(code)) return undefined;
  const path: string[] = [];
  for (let c: string | undefined = code; c !== undefined; c = parentCode(c)) path.unshift(c);
  return path;
}

/** Names from the province down, e.g. 110101 → ['北京市', '北京市', '东城区']; undefined when unknown. */
export function regionPath(code: string): string[] | undefined {
  return regionCodePath(code)?.map((c) => NAMES.get(c) ?? c);
}

/** An existing county-level code (the last pair is not 00). */
export function isCountyCode(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.endsWith('00') && NAMES.has(code);
}

/** A code the region cascader can end on: a county, or a city without counties (东莞 441900). */
export function isSelectableRegionCode(code: string): boolean {
  if (isCountyCode(code)) return true;
  return /^\d{4}00$/.test(code) && !code.endsWith('0000') && NAMES.has(code) && !CHILDREN.has(code);
}

/** Province code (XX0000) of any 6-digit code. */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

let tree: RegionNode[] | undefined;

/** The whole province → city → county tree for a cascader, built once. */
export function regionTree(): RegionNode[] {
  const build = (regions: readonly Region[]): RegionNode[] =>
    regions.map((r) => {
      const children = CHILDREN.get(r.code);
      return children ? { value: r.code, label: r.name, children: build(children) } : { value: r.code, label: r.name };
    });
  tree ??= build(ROOT);
  return tree;
}
