import { findItem } from '../../domain/items/index.ts';

/** e.g. KC2026000017: the item's prefix (its definition), year (Asia/Shanghai), six-digit sequence without gaps. */
export function formatApplicationNumber(item: string, year: number, sequence: number): string {
  const prefix = findItem(item)?.numberPrefix;
  if (!prefix) throw new Error(`no number prefix for ${item}`);
  return `${prefix}${year}${String(sequence).padStart(6, '0')}`;
}
