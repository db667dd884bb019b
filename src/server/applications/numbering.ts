/** 申报编号 prefixes: 勘察 KC, 设计 SJ, 结构 JG, 外埠 WB. */
const PREFIX: Record<string, string> = { 'survey-b': 'KC', 'design-b': 'SJ', 'struct-eng-2': 'JG', 'nonlocal-filing': 'WB' };

/** e.g. KC2026000017: item prefix, year (Asia/Shanghai), six-digit sequence without gaps. */
export function formatApplicationNumber(item: string, year: number, sequence: number): string {
  const prefix = PREFIX[item];
  if (!prefix) throw new Error(`no number prefix for ${item}`);
  return `${prefix}${year}${String(sequence).padStart(6, '0')}`;
}
