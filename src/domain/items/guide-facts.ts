/**
 * What an item's 办事指南 must say as the form and the workflow decide it: the 申请内容 the wizard
 * offers with the process and time limit of each, the upload slots and the upload rules, the time
 * limits. GuidePage shows these derived from the definitions; guides.test.ts holds the guide's own
 * text (ServiceGuide) to them.
 */
import { ACCEPT_LIMIT_DAYS, DECISION_LIMIT_DAYS, getVariant, legalLimitDays, publicationsOf } from '../workflow/index.ts';
import type { ItemDefinition } from './types.ts';

export interface GuideTypeFacts {
  value: string;
  /** Verbatim, as the wizard's 申请内容 offers it. */
  label: string;
  /** The workflow variant's label, e.g. 资质审批（审查、复核、公示、公告）. */
  process: string;
  /** Working days from 受理 to the decision that the case's deadline counts (legalLimitDays). */
  limitDays: number;
  notice: boolean;
  announcement: boolean;
}

export interface GuideFacts {
  types: GuideTypeFacts[];
  /** 受理 (行政许可法 Art.32): accept, refuse or ask for all corrections at once. */
  acceptDays: number;
  /** 法定办结时限 (Art.42). */
  legalDays: number;
  /** The longest limit the workflow tracks for any 申请内容: the most the guide may promise. */
  limitDays: number;
  /** Nodes whose time the limits do not count (补正, 专家评审, 公示), as far as this item has them. */
  pausedBy: string[];
  /** 附件上传: one slot per material to upload. */
  slots: { key: string; title: string }[];
  /** Every slot takes exactly one PDF (manual: 附件要求格式为 pdf，且只能上传一个). */
  upload: { format: 'PDF'; filesPerSlot: 1 };
}

export function guideFacts(item: ItemDefinition): GuideFacts {
  const types = item.applicationTypes.map((t): GuideTypeFacts => {
    const variant = getVariant(t.workflow);
    return { value: t.value, label: t.label, process: variant.label, limitDays: legalLimitDays(variant), ...publicationsOf(variant) };
  });
  const nodes = item.applicationTypes.flatMap((t) => getVariant(t.workflow).nodes);
  return {
    types,
    acceptDays: ACCEPT_LIMIT_DAYS,
    legalDays: DECISION_LIMIT_DAYS,
    limitDays: Math.max(...types.map((t) => t.limitDays)),
    pausedBy: [...new Set(nodes.filter((n) => n.clock === 'stopped').map((n) => n.label))],
    slots: item.attachmentSlots.map((s) => ({ key: s.key, title: s.title })),
    upload: { format: 'PDF', filesPerSlot: 1 },
  };
}

/**
 * The upload rules as the guide and the 附件上传 step both state them: what the server's check
 * enforces (a real PDF, not encrypted, one per slot) and its size limit (UPLOAD_MAX_MB) when known.
 */
export function uploadRulesText(maxMb?: number): string {
  const size = maxMb ? `，单个文件不超过 ${maxMb} MB` : '';
  return `附件要求：PDF 格式，每个附件栏只能上传一个文件，文件不得设置打开密码${size}。`;
}
