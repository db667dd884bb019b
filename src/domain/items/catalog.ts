/** The service catalog: the four items of 勘察设计资格管理, in the order the portal lists them. */
import type { ItemCode, ItemDefinition } from './types.ts';
import { surveyB } from './survey-b.ts';
import { designB } from './design-b.ts';
import { structEng2 } from './struct-eng-2.ts';
import { nonlocalFiling } from './nonlocal-filing.ts';

export { DEPARTMENT, GROUP } from './common.ts';

export const ITEMS: readonly ItemDefinition[] = [surveyB, designB, structEng2, nonlocalFiling];

export const ITEM_CODES: readonly ItemCode[] = ITEMS.map((item) => item.code);

/** Exact, case-sensitive match; never an object-key lookup, so '__proto__' etc. are safe. */
export function isItemCode(code: string): code is ItemCode {
  return (ITEM_CODES as readonly string[]).includes(code);
}

export function findItem(code: string): ItemDefinition | undefined {
  return ITEMS.find((item) => item.code === code);
}
