/** The qualification catalogue: lookups, the cascader tree and the value check of a '资质类别及等级' field. */
import { toHalfWidth } from '../identifiers/normalize.ts';
import { DESIGN_QUALIFICATIONS } from './design.ts';
import { SURVEY_QUALIFICATIONS } from './survey.ts';
import type { Qualification, QualificationCatalogueKey, QualificationKind } from './types.ts';

export type {
  Qualification,
  QualificationAuthority,
  QualificationCatalogueKey,
  QualificationGrade,
  QualificationKind,
} from './types.ts';
export { DESIGN_QUALIFICATIONS, SURVEY_QUALIFICATIONS };

/** Tooltip of a qualification shown disabled because MOHURD approves it (REFERENCE §1.1.4). */
export const MOHURD_HINT = '该资质由住房和城乡建设部审批';

/** Tooltip of a legacy qualification no longer accepted (丙级, 劳务 …). */
export const INACTIVE_HINT = '该资质已停止受理';

export const QUALIFICATION_CATALOGUES: Readonly<Record<QualificationCatalogueKey, readonly Qualification[]>> = {
  survey: SURVEY_QUALIFICATIONS,
  design: DESIGN_QUALIFICATIONS,
};

/** The list each enterprise item offers. */
export const QUALIFICATIONS_BY_ITEM = {
  'survey-b': SURVEY_QUALIFICATIONS,
  'design-b': DESIGN_QUALIFICATIONS,
} as const satisfies Record<string, readonly Qualification[]>;

const BY_CODE = new Map<string, Qualification>([...SURVEY_QUALIFICATIONS, ...DESIGN_QUALIFICATIONS].map((q) => [q.code, q]));

export function qualificationsFor(catalogue: QualificationCatalogueKey): readonly Qualification[] {
  return QUALIFICATION_CATALOGUES[catalogue];
}

export function findQualification(code: string): Qualification | undefined {
  return BY_CODE.get(code);
}

/** Whether an applicant may pick it here: active and approved by the province. */
export function isSelectableQualification(q: Qualification): boolean {
  return q.active && q.authority === 'province';
}

/** Cascader node (antd Cascader `options` shape); leaves carry the qualification code as value. */
export interface QualificationTreeNode {
  value: string;
  label: string;
  disabled?: boolean;
  /** Tooltip for a disabled leaf. */
  hint?: string;
  children?: QualificationTreeNode[];
}

const KIND_ORDER: readonly QualificationKind[] = ['综合', '行业', '专业', '专项', '事务所', '劳务'];

const categoryValue = (kind: QualificationKind): string => `category:${kind}`;
const industryValue = (q: Qualification): string => `industry:${q.kind}:${q.industry}`;

/** Values of the cascader path to a code: [category, industry, code]; undefined when unknown. */
export function qualificationPath(code: string): [string, string, string] | undefined {
  const q = findQualification(code);
  return q ? [categoryValue(q.kind), industryValue(q), q.code] : undefined;
}

/**
 * 类别 → 行业 → 资质 tree for the cascader. MOHURD entries are disabled with MOHURD_HINT; legacy
 * (inactive) entries are left out unless `includeInactive` (then disabled with INACTIVE_HINT).
 */
export function qualificationTree(catalogue: QualificationCatalogueKey, options: { includeInactive?: boolean; only?: readonly string[] } = {}): QualificationTreeNode[] {
  const tree: QualificationTreeNode[] = [];
  for (const kind of KIND_ORDER) {
    // `only`: the register's offer (held codes for 延续/注销, legacy grades included, all choosable).
    const entries = qualificationsFor(catalogue).filter((q) => q.kind === kind && (options.only ? options.only.includes(q.code) : q.active || options.includeInactive));
    if (entries.length === 0) continue;
    const industries = new Map<string, QualificationTreeNode>();
    for (const q of entries) {
      let industry = industries.get(q.industry);
      if (!industry) {
        industry = { value: industryValue(q), label: q.industry, children: [] };
        industries.set(q.industry, industry);
      }
      const hint = options.only ? undefined : !q.active ? INACTIVE_HINT : q.authority === 'mohurd' ? MOHURD_HINT : undefined;
      industry.children?.push(hint ? { value: q.code, label: q.name, disabled: true, hint } : { value: q.code, label: q.name });
    }
    tree.push({ value: categoryValue(kind), label: `${kind}资质`, children: [...industries.values()] });
  }
  return tree;
}

export type QualificationsCheck = { ok: true; value: string[] } | { ok: false; message: string };

/**
 * A '资质类别及等级' value: a non-empty list of unique codes of this catalogue, each active and
 * approved by the province. Codes are trimmed and upper-cased.
 */
export function checkQualifications(catalogue: QualificationCatalogueKey, raw: unknown, label = '资质类别及等级', allowed?: readonly string[]): QualificationsCheck {
  if (!Array.isArray(raw)) return { ok: false, message: `${label}格式不正确，请从列表中选择` };
  if (raw.length === 0) return { ok: false, message: `请选择${label}` };
  const list = qualificationsFor(catalogue);
  const seen = new Set<string>();
  const value: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string') return { ok: false, message: `${label}格式不正确，请从列表中选择` };
    const code = toHalfWidth(item).trim().toUpperCase();
    const q = findQualification(code);
    if (!q) return { ok: false, message: `${label}中有无效的资质代码：${code || '（空）'}` };
    if (!list.includes(q)) return { ok: false, message: `“${q.name}”不属于本事项可申请的资质` };
    if (allowed) {
      // The register decides here (held legacy grades may be renewed or cancelled).
      if (!allowed.includes(code)) return { ok: false, message: `“${q.name}”不在本申请内容可选择的资质范围内` };
      if (seen.has(code)) return { ok: false, message: `${label}不能重复选择“${q.name}”` };
      seen.add(code);
      value.push(code);
      continue;
    }
    if (q.authority === 'mohurd') return { ok: false, message: `“${q.name}”${MOHURD_HINT}，不在本事项办理范围内` };
    if (!q.active) return { ok: false, message: `“${q.name}”${INACTIVE_HINT}，请选择其他资质` };
    if (seen.has(code)) return { ok: false, message: `${label}不能重复选择“${q.name}”` };
    seen.add(code);
    value.push(code);
  }
  return { ok: true, value };
}
