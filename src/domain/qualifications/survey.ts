/**
 * 工程勘察 options of 建设工程勘察企业资质认定（乙级） (REFERENCE §1.1.3). Codes and names are those
 * of the national dictionary (全国建筑市场监管公共服务平台, 《工程勘察资质标准》) — seed data:
 * reconcile with the commission before go-live (REFERENCE §5 items 1–2).
 */
import type { Qualification, QualificationGrade, QualificationKind } from './types.ts';

const GRADES: Record<string, QualificationGrade> = { A: '甲级', B: '乙级', C: '丙级', D: '丁级', X: '不分等级' };

/**
 * 甲级 is MOHURD's (shown disabled so that a firm looking for it learns where to apply).
 * 丙级 and 劳务: whether Beijing still processes them is unconfirmed (REFERENCE §5 item 1) → inactive.
 */
function entry(code: string, name: string, kind: QualificationKind, industry: string, parent?: string): Qualification {
  const grade = GRADES[code.slice(-1)] ?? '不分等级';
  return {
    code,
    name,
    kind,
    industry,
    grade,
    authority: grade === '甲级' ? 'mohurd' : 'province',
    active: grade === '甲级' || grade === '乙级',
    ...(parent ? { parent } : {}),
  };
}

export const SURVEY_QUALIFICATIONS: readonly Qualification[] = [
  entry('B1A', '工程勘察综合资质甲级', '综合', '工程勘察综合资质'),
  entry('B203A', '工程勘察岩土工程专业甲级', '专业', '岩土工程专业'),
  entry('B203B', '工程勘察岩土工程专业乙级', '专业', '岩土工程专业'),
  entry('B20301B', '工程勘察岩土工程专业（岩土工程勘察）乙级', '专业', '岩土工程专业', 'B203B'),
  entry('B20302B', '工程勘察岩土工程专业（岩土工程设计）乙级', '专业', '岩土工程专业', 'B203B'),
  entry('B20303B', '工程勘察岩土工程专业（岩土工程物探测试检测监测）乙级', '专业', '岩土工程专业', 'B203B'),
  entry('B20301C', '工程勘察岩土工程专业（岩土工程勘察）丙级', '专业', '岩土工程专业', 'B203B'),
  entry('B201A', '工程勘察水文地质勘察专业甲级', '专业', '水文地质勘察专业'),
  entry('B201B', '工程勘察水文地质勘察专业乙级', '专业', '水文地质勘察专业'),
  entry('B201C', '工程勘察水文地质勘察专业丙级', '专业', '水文地质勘察专业'),
  entry('B202A', '工程勘察工程测量专业甲级', '专业', '工程测量专业'),
  entry('B202B', '工程勘察工程测量专业乙级', '专业', '工程测量专业'),
  entry('B202C', '工程勘察工程测量专业丙级', '专业', '工程测量专业'),
  entry('B204A', '工程勘察海洋工程勘察专业甲级', '专业', '海洋工程勘察专业'),
  entry('B204B', '工程勘察海洋工程勘察专业乙级', '专业', '海洋工程勘察专业'),
  entry('B20401B', '工程勘察海洋工程勘察专业（海洋工程测量）乙级', '专业', '海洋工程勘察专业', 'B204B'),
  entry('B20402B', '工程勘察海洋工程勘察专业（海洋岩土工程勘察）乙级', '专业', '海洋工程勘察专业', 'B204B'),
  entry('B20403B', '工程勘察海洋工程勘察专业（海洋工程环境调查）乙级', '专业', '海洋工程勘察专业', 'B204B'),
  entry('B301X', '工程勘察工程钻探劳务', '劳务', '工程勘察劳务资质'),
  entry('B302X', '工程勘察凿井劳务', '劳务', '工程勘察劳务资质'),
];
