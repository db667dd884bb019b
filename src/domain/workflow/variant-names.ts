/**
 * Names of the workflow variants an application type (申请内容) follows, by the shape of its
 * flow (REFERENCE §1.1.5: "不同的申请内容，对应的流程图不一样"). The variants themselves — nodes,
 * actions, roles and time limits — are defined in the workflow module; this list only fixes
 * the names item definitions may refer to.
 */
export const WORKFLOW_VARIANT_NAMES = [
  /** 受理 → 审查（含专家评审）→ 复核 → 公示（陈述）→ 公告 → 制证 → 办结: 首次、晋升、增项、延续、重新核定. */
  'full-review',
  /** 受理 → 审查（材料核对）→ 制证 → 办结: 名称变更, no 公示/公告 (REFERENCE: 公示 no, 公告 maybe). */
  'document-check',
  /** 受理 → 审查 → 转报住房和城乡建设部 → 办结: 工商注册地跨省变更, decided by MOHURD. */
  'forward-mohurd',
  /** 受理 → 审查 → 公告（注销公告）→ 办结: 注销 of an enterprise qualification. */
  'cancel',
  /** 受理 → 审查 → 公示（陈述）→ 公告 → 制证 → 办结: 二级注册结构工程师 初始、延续、变更、预注册 (as its 办事指南 lists). */
  'engineer-registration',
  /** 受理 → 审查 → 制证 → 办结: 二级注册结构工程师 更改、补办 (certificate or seal reissued). */
  'engineer-reissue',
  /** 受理 → 审查 → 公告 → 办结: 二级注册结构工程师 注销注册. */
  'engineer-cancel',
  /** 受理 → 审查（核对）→ 办结: 外埠企业备案, acknowledged not approved — no 公示/公告. */
  'filing',
] as const;

export type WorkflowVariantName = (typeof WORKFLOW_VARIANT_NAMES)[number];

export function isWorkflowVariantName(value: string): value is WorkflowVariantName {
  return (WORKFLOW_VARIANT_NAMES as readonly string[]).includes(value);
}
