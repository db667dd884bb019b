/** Qualification catalogue entries (资质类别及等级), keyed by the national dictionary code (REFERENCE §1.1.2). */

/** 资质类别: A1/B1 综合, A2 行业, A3/B2 专业, A5 专项, A4 事务所, B3 劳务. */
export type QualificationKind = '综合' | '行业' | '专业' | '专项' | '事务所' | '劳务';

/** Last character of the code: A 甲级, B 乙级, C 丙级, D 丁级, X 不分等级. */
export type QualificationGrade = '甲级' | '乙级' | '丙级' | '丁级' | '不分等级';

/** Who approves it: the province (北京市规划和自然资源委员会) or 住房和城乡建设部. */
export type QualificationAuthority = 'province' | 'mohurd';

/** Catalogue a '资质类别及等级' field draws from. */
export type QualificationCatalogueKey = 'survey' | 'design';

export interface Qualification {
  /** Stable key: the code of the national dictionary, e.g. A31701B. */
  code: string;
  /** Display name per the code grammar, e.g. 工程设计市政行业给水专业乙级. */
  name: string;
  kind: QualificationKind;
  /** Group label for the cascader, e.g. 市政行业 (design) or 岩土工程 (survey). */
  industry: string;
  grade: QualificationGrade;
  authority: QualificationAuthority;
  /** false: kept so stored certificates display, but no longer accepted in applications (legacy 丙级 …). */
  active: boolean;
  /** Code of the whole 专业 a 分项 belongs to (survey 岩土工程/海洋工程勘察 分项). */
  parent?: string;
}
